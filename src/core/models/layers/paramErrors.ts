/** Plain-words messages for zod parameter issues, named by the inspector's labels. */
import type { z } from 'zod';
import type { ParamDoc } from '../../pipeline/nodeKind';

/** One message for all of a node's parameter issues, e.g. "Units must be at least 1; Padding must be one of valid, same". */
export function describeParamIssues(error: z.ZodError, docs: Readonly<Record<string, ParamDoc>>): string {
  return error.issues
    .map((issue) => {
      const key = issue.path[0];
      if (key === undefined) return 'The parameters must be an object of named values';
      const label = (typeof key === 'string' ? docs[key]?.label : undefined) ?? String(key);
      switch (issue.code) {
        case 'too_small':
          return `${label} must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
        case 'too_big':
          return `${label} must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
        case 'invalid_value':
          return `${label} must be one of ${issue.values.map(String).join(', ')}`;
        case 'invalid_type':
          if (issue.expected === 'int') return `${label} must be a whole number`;
          if (issue.expected === 'boolean') return `${label} must be on or off`;
          return `${label} must be a ${issue.expected}`;
        default:
          return `${label}: ${issue.message}`;
      }
    })
    .join('; ');
}
