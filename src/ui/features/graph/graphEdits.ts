/**
 * Editor-level edits built from core's graph commands: several commands as one undo step, a whole
 * graph swapped in through commands (templates), and a free spot for a new node. Pure.
 */
import type { CommandContext, GraphCommand } from '../../../core/pipeline/graph/commands';
import { execute, type History, type HistoryEntry } from '../../../core/pipeline/graph/history';
import type { NodeId, PipelineGraph, Position } from '../../../core/pipeline/graph/schema';

/**
 * Applies `cmds` in order as ONE history entry (undo reverts them all), or none of them: the first
 * refusal returns its reason and `h` unchanged. Commands that change nothing add nothing; when none
 * changes anything the history is `h` itself.
 *
 * Relies on the documented History contract: an entry's commands are applied in order by undo, so
 * the merged entry lists the later edits' inverses first. (A transaction in core's history.ts would
 * be the better home; see the graph editor's README.)
 */
export function executeBatch(
  h: History,
  cmds: readonly GraphCommand[],
  ctx: CommandContext,
  label: HistoryEntry['label'] = cmds[cmds.length - 1]?.type ?? 'addNode',
): { history: History; error: string | null } {
  let current = h;
  const entries: HistoryEntry[] = [];
  for (const cmd of cmds) {
    const before = current;
    const result = execute(current, cmd, ctx);
    if (result.error !== null) return { history: h, error: result.error };
    current = result.history;
    if (current !== before) entries.push(current.past[current.past.length - 1]!);
  }
  if (entries.length === 0) return { history: h, error: null };
  const merged: HistoryEntry = { label, commands: [...entries].reverse().flatMap((e) => e.commands) };
  const past = [...h.past, merged];
  return {
    history: { graph: current.graph, past: past.slice(Math.max(0, past.length - h.limit)), future: [], limit: h.limit },
    error: null,
  };
}

/**
 * Runs `cmd` and folds its entry into the latest one, so a burst of edits of one field (typing "128"
 * into Units) is one undo step back to the value before the burst. The caller decides when a burst
 * continues (same field, nothing else edited or undone since).
 */
export function executeMerged(h: History, cmd: GraphCommand, ctx: CommandContext): { history: History; error: string | null } {
  const result = execute(h, cmd, ctx);
  const previous = h.past[h.past.length - 1];
  if (result.error !== null || result.history === h || !previous) return result;
  const latest = result.history.past[result.history.past.length - 1]!;
  const merged: HistoryEntry = { label: latest.label, commands: [...latest.commands, ...previous.commands] };
  return { history: { ...result.history, past: [...h.past.slice(0, -1), merged] }, error: null };
}

/**
 * Commands that turn `current` into `next` (ids, params, labels, positions and edge order of `next`
 * kept): remove every node, then add `next`'s nodes and connections. Every connection of `next` must
 * pass the connection rules.
 */
export function replaceGraphCommands(current: PipelineGraph, next: PipelineGraph): GraphCommand[] {
  const cmds: GraphCommand[] = [];
  if (current.nodes.length > 0) cmds.push({ type: 'removeNodes', nodeIds: current.nodes.map((n) => n.id) });
  for (const n of next.nodes) {
    cmds.push({
      type: 'addNode',
      kind: n.kind,
      id: n.id,
      params: n.params,
      position: n.position,
      ...(n.label !== undefined ? { label: n.label } : {}),
    });
  }
  for (const e of next.edges) {
    cmds.push({ type: 'connect', id: e.id, source: e.source, sourcePort: e.sourcePort, target: e.target, targetPort: e.targetPort });
  }
  return cmds;
}

/** The size the canvas draws a node at, roughly (canvas pixels), for placing new nodes apart. */
export const NODE_FOOTPRINT = { width: 200, height: 110 } as const;

/**
 * `preferred`, or the first spot down and to the right of it (steps of 40 px) where a node would not
 * overlap an existing one. Deterministic; O(nodes) per step, at most 200 steps.
 */
export function freePosition(graph: PipelineGraph, preferred: Position): Position {
  const overlaps = (p: Position) =>
    graph.nodes.some(
      (n) => Math.abs(n.position.x - p.x) < NODE_FOOTPRINT.width && Math.abs(n.position.y - p.y) < NODE_FOOTPRINT.height,
    );
  const start = { x: Math.round(preferred.x), y: Math.round(preferred.y) };
  for (let i = 0; i < 200; i++) {
    const p = { x: start.x + i * 40, y: start.y + i * 40 };
    if (!overlaps(p)) return p;
  }
  return start;
}

/** Node ids of `after` that `before` lacks, in `after`'s order (what a paste or duplicate added). */
export function addedNodeIds(before: PipelineGraph, after: PipelineGraph): NodeId[] {
  const had = new Set(before.nodes.map((n) => n.id));
  return after.nodes.filter((n) => !had.has(n.id)).map((n) => n.id);
}
