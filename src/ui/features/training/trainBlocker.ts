import type { ProjectDocument } from '../../../core/pipeline/document';

export interface TrainReadiness {
  readonly hasData: boolean;
  /** The loaded data is the project's dataset (not, say, another file than an opened project names). */
  readonly dataMatchesProject: boolean;
  readonly importing: boolean;
  readonly running: boolean;
  /** Labels of settings fields whose text is not valid right now. */
  readonly invalidFields: readonly string[];
  readonly project: Pick<ProjectDocument, 'target' | 'task' | 'dataset'>;
  /** When the pipeline graph is what trains: why it cannot run (empty when it can). */
  readonly graphProblems?: readonly string[];
}

/**
 * Why "Train" cannot be pressed right now, in plain words, or null when it can. The first reason that
 * applies wins, in the order a user would fix them.
 */
export function trainBlocker(r: TrainReadiness): string | null {
  if (r.running) return 'A model is training: press Stop to end it early.';
  if (r.importing) return 'Wait for the import to finish.';
  if (!r.hasData) return 'Load a sample or upload a CSV file first.';
  if (!r.dataMatchesProject) return `This project uses the dataset "${r.project.dataset.name}": load it first.`;
  if (r.project.target === null) return 'Choose a target column to predict.';
  if (r.project.task === null) return 'Choose a task: binary, multiclass or regression.';
  if (r.invalidFields.length > 0) return `Fix these settings first: ${r.invalidFields.join(', ')}.`;
  const graph = r.graphProblems ?? [];
  if (graph.length > 0) {
    return `The pipeline graph cannot run: ${graph[0]}${graph.length > 1 ? ` (and ${graph.length - 1} more problem${graph.length > 2 ? 's' : ''}, listed under Pipeline)` : ''}`;
  }
  return null;
}
