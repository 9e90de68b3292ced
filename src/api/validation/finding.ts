// What a semantic or reference rule reports: a field path within one object and a message.
import type { PathSegment } from '../manifests/field-path.ts';

export interface Finding {
  path: PathSegment[];
  message: string;
}
