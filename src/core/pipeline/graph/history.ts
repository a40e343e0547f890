/**
 * Undo and redo over graph commands. Immutable: every function returns a new History (or the same
 * one when nothing happens). Each entry stores the inverse commands of one edit; undoing applies them
 * and stores *their* inverse for redo, so redo replays the ids and positions the edit produced (it never
 * asks for fresh ids again) and undo restores the graph exactly, array order included.
 */
import { applyCommand, applyInverse, type CommandContext, type GraphCommand, type InverseCommand } from './commands';
import type { PipelineGraph } from './schema';

export interface HistoryEntry {
  /** The command type that made the entry, for "Undo move"-style labels. */
  readonly label: GraphCommand['type'];
  /** Applied in order (applyInverse) to step back (in `past`) or forward (in `future`). */
  readonly commands: readonly InverseCommand[];
}

export interface History {
  readonly graph: PipelineGraph;
  /** Oldest first; the last entry undoes the latest edit. */
  readonly past: readonly HistoryEntry[];
  /** A stack: the last entry redoes the most recently undone edit. */
  readonly future: readonly HistoryEntry[];
  /** Most entries kept in `past`; the oldest are dropped beyond it. */
  readonly limit: number;
}

export const DEFAULT_HISTORY_LIMIT = 200;

export function createHistory(graph: PipelineGraph, limit = DEFAULT_HISTORY_LIMIT): History {
  return { graph, past: [], future: [], limit: Math.max(1, Math.floor(limit)) };
}

export const canUndo = (h: History): boolean => h.past.length > 0;
export const canRedo = (h: History): boolean => h.future.length > 0;

/**
 * Applies a command. Refused: `error` says why and `history` is `h` unchanged. Accepted: a new entry,
 * and the redo stack is cleared. A command that changes nothing adds no entry (and keeps redo).
 */
export function execute(h: History, cmd: GraphCommand, ctx: CommandContext): { history: History; error: string | null } {
  const result = applyCommand(h.graph, cmd, ctx);
  if ('error' in result) return { history: h, error: result.error };
  if (result.inverse.length === 0) return { history: h, error: null };
  const past = [...h.past, { label: cmd.type, commands: result.inverse }];
  return {
    history: { graph: result.graph, past: past.slice(Math.max(0, past.length - h.limit)), future: [], limit: h.limit },
    error: null,
  };
}

/** Steps back one edit; `h` itself when there is none. Throws only if the history was tampered with. */
export function undo(h: History): History {
  const entry = h.past[h.past.length - 1];
  if (!entry) return h;
  const result = step(h.graph, entry);
  return { graph: result.graph, past: h.past.slice(0, -1), future: [...h.future, result.opposite], limit: h.limit };
}

/** Re-applies the most recently undone edit; `h` itself when there is none. */
export function redo(h: History): History {
  const entry = h.future[h.future.length - 1];
  if (!entry) return h;
  const result = step(h.graph, entry);
  return { graph: result.graph, past: [...h.past, result.opposite], future: h.future.slice(0, -1), limit: h.limit };
}

function step(graph: PipelineGraph, entry: HistoryEntry): { graph: PipelineGraph; opposite: HistoryEntry } {
  const result = applyInverse(graph, entry.commands);
  if ('error' in result) throw new Error(`The undo history does not match the graph: ${result.error}`);
  return { graph: result.graph, opposite: { label: entry.label, commands: result.inverse } };
}
