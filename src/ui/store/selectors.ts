/**
 * Module-level selectors (stable identities, so zustand compares their results cheaply). Derived
 * values that several components need are computed here once.
 */
import type { ColumnKind } from '../../core/data/table';
import { trainBlocker } from '../features/training/trainBlocker';
import { sameSource } from './projectChanges';
import type { StudioState } from './store';
import { selectGraphAnalysis } from './graphSelectors';

export const selectHasData = (s: StudioState): boolean => s.summary !== null;

export const selectDataMatchesProject = (s: StudioState): boolean =>
  s.loadedSource !== null && sameSource(s.loadedSource, s.project.dataset.source);

export const selectIsRunning = (s: StudioState): boolean => s.runStatus === 'running';

/** Why Train is disabled, or null. */
export const selectTrainBlocker = (s: StudioState): string | null =>
  trainBlocker({
    hasData: s.summary !== null,
    dataMatchesProject: selectDataMatchesProject(s),
    importing: s.importing !== null,
    running: s.runStatus === 'running',
    invalidFields: Object.keys(s.fieldErrors),
    project: s.project,
    graphProblems: s.pipelineMode === 'graph' ? selectGraphAnalysis(s).problems.map((p) => p.message) : [],
  });

/** The kind the importer inferred for a column (before the user's override), if known. */
export function inferredKindOf(s: StudioState, column: string): ColumnKind | null {
  const fromProfile = s.profile?.columns.find((c) => c.name === column)?.inferredKind;
  if (fromProfile) return fromProfile;
  const fromSummary = s.summary?.columns.find((c) => c.name === column)?.inferred.kind;
  return fromSummary ?? null;
}

/** The kind a column is treated as: the user's override, else the inferred kind. */
export function effectiveKindOf(s: StudioState, column: string): ColumnKind | null {
  return s.project.dataset.columnKinds[column] ?? inferredKindOf(s, column);
}

/**
 * Rows whose target is missing, once known: from the last result for this target, else from the
 * profile's count for the target column; null when neither is known.
 */
export const selectMissingTarget = (s: StudioState): number | null => {
  const target = s.project.target;
  if (target === null) return null;
  if (s.result && s.result.target === target) return s.result.excludedMissingTarget;
  return s.profile?.columns.find((c) => c.name === target)?.missing ?? null;
};

