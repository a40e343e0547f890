/**
 * Reads a project file of any supported version: version 1 (pipeline as settings) or version 2 (the
 * pipeline graph). Untrusted input: validated field by field; errors are ProjectFileError with the
 * first bad field named. (Version 1 files will migrate to version 2 here once the studio edits graphs
 * everywhere; until then both run.)
 */
import { loadProject, PROJECT_FORMAT, ProjectFileError, type ProjectDocument } from './document';
import { projectSchemaV2, PROJECT_VERSION_V2, type ProjectDocumentV2 } from './graph/projectV2';

export type AnyProject = ProjectDocument | ProjectDocumentV2;

export function loadAnyProject(json: unknown): AnyProject {
  const obj = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  if (obj === null || obj['format'] !== PROJECT_FORMAT || obj['version'] !== PROJECT_VERSION_V2) return loadProject(json);
  const parsed = projectSchemaV2.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw new ProjectFileError(`The project file is invalid at "${where}": ${issue?.message ?? 'unknown problem'}.`);
  }
  return parsed.data as ProjectDocumentV2;
}
