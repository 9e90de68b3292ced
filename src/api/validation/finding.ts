// What a semantic or reference rule reports: a field path within one object and a message;
// an error unless the rule says it is only a warning.
import type { PathSegment } from '../manifests/field-path.ts';
import type { Severity } from '../manifests/issue.ts';

export interface Finding {
  path: PathSegment[];
  message: string;
  severity?: Severity;
}

export function warning(path: PathSegment[], message: string): Finding {
  return { path, message, severity: 'warning' };
}
