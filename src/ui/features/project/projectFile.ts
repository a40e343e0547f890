import { loadAnyProject, type AnyProject } from '../../../core/pipeline/load';

/** `<name>.orrery.json`, with the characters file systems reject replaced by "_". */
export function projectFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = name.replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').trim().replace(/^\.+/, '') || 'project';
  return `${safe.slice(0, 120)}.orrery.json`;
}

export function serializeProject(doc: AnyProject): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Reads an untrusted project file's text. Throws an Error with a plain message for text that is not
 * JSON; loadAnyProject throws ProjectFileError for JSON that is not a valid project.
 */
export function parseProjectFile(text: string): AnyProject {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('This file is not an Orrery project: it is not valid JSON.');
  }
  return loadAnyProject(json);
}
