/**
 * Between the page's state and the project document a run or a file holds. The page edits the
 * project's settings (target, task, training, seed...) and the pipeline graph; in "graph" mode the
 * graph is the pipeline (a version-2 document), in "settings" mode the v1 settings are (model and
 * split fields of the settings form). Pure: unit-tested.
 */
import { createProject, DEFAULT_MLP, type ProjectDocument } from '../../core/pipeline/document';
import { migrateV1ToV2 } from '../../core/pipeline/graph/migrate';
import { SPLIT_KIND, splitParamsSchema } from '../../core/pipeline/graph/pipelineNodes';
import type { ProjectDocumentV2 } from '../../core/pipeline/graph/projectV2';
import type { PipelineGraph } from '../../core/pipeline/graph/schema';
import type { AnyProject } from '../../core/pipeline/load';

export type PipelineMode = 'settings' | 'graph';

/** The document to train or save: v1 as edited in settings mode, v2 with the editor's graph in graph mode. */
export function runnableProject(project: ProjectDocument, mode: PipelineMode, graph: PipelineGraph): AnyProject {
  return mode === 'settings' ? project : graphProject(project, graph);
}

/** The v2 document of the page's settings with the editor's graph as the pipeline (graph mode, previews). */
export function graphProject(project: ProjectDocument, graph: PipelineGraph): ProjectDocumentV2 {
  return { ...migrateV1ToV2(project), graph, model: { kind: 'graph' } };
}

/**
 * The page's state from a loaded document: v1 as is (settings mode, the graph migrated from it); v2
 * as its graph (graph mode) with the shared settings, its split read back from the split node so the
 * settings form shows it.
 */
export function pageStateOf(doc: AnyProject): { project: ProjectDocument; mode: PipelineMode; graph: PipelineGraph } {
  if (doc.version === 1) return { project: doc, mode: 'settings', graph: migrateV1ToV2(doc).graph };
  const { graph, model: _model, version: _version, ...shared } = doc;
  const splitNode = graph.nodes.find((n) => n.kind === SPLIT_KIND);
  const split = splitNode ? splitParamsSchema.safeParse(splitNode.params) : null;
  const v1Defaults = createProject(doc.dataset);
  const project: ProjectDocument = {
    ...shared,
    version: 1,
    split: split?.success ? split.data : v1Defaults.split,
    features: v1Defaults.features,
    model: doc.model.kind === 'baseline' ? { kind: 'baseline' } : DEFAULT_MLP,
  };
  return { project, mode: doc.model.kind === 'graph' ? 'graph' : 'settings', graph };
}

/** The graph without positions and labels: what changes a run (moving a node does not). */
export function graphMeaning(graph: PipelineGraph): string {
  return JSON.stringify([graph.nodes.map((n) => [n.id, n.kind, n.params]), graph.edges.map((e) => [e.source, e.sourcePort, e.target, e.targetPort])]);
}
