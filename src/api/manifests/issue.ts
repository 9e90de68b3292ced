// A problem found in a manifest: where it is (file, line, field path), what is wrong, and how
// serious it is. Errors are what the API server or Argo Rollouts would refuse; warnings are
// accepted manifests that will not do what they seem to (or that sluice does not act on yet).

export type Severity = 'error' | 'warning';

export interface ValidationIssue {
  /** The file, or for an object given without its text, the object (`Rollout default/web`). */
  file: string;
  /** Absent for an object given without its text. */
  line?: number;
  /** Field path in the API server's style, e.g. `spec.strategy.canary.steps[1].setWeight`; empty for the whole document. */
  path: string;
  message: string;
  severity: Severity;
}

/**
 * `file:line: field.path: message` (`... field.path: warning: message` for a warning), the form
 * `sluice lint` prints; `Rollout default/web: field.path: message` for an object given without its text.
 */
export function formatIssue(issue: ValidationIssue): string {
  const where = issue.path === '' ? '' : `${issue.path}: `;
  const level = issue.severity === 'warning' ? 'warning: ' : '';
  return `${locate(issue.file, issue.line)}: ${where}${level}${issue.message}`;
}

/** `file:line`, or the file (or object) alone when there is no line. */
export function locate(file: string, line: number | undefined): string {
  return line === undefined ? file : `${file}:${line}`;
}

/** Whether any issue is an error (warnings alone leave manifests usable). */
export function hasErrors(issues: readonly ValidationIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}

/** Orders issues by file, then line, then path, so output is stable. */
export function compareIssues(a: ValidationIssue, b: ValidationIssue): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return (a.line ?? 0) - (b.line ?? 0);
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
