// A problem found in a manifest: where it is (file, line, field path) and what is wrong.

export interface ValidationIssue {
  file: string;
  line: number;
  /** Field path in the API server's style, e.g. `spec.strategy.canary.steps[1].setWeight`; empty for the whole document. */
  path: string;
  message: string;
}

/** `file:line: field.path: message`, the form `sluice lint` prints. */
export function formatIssue(issue: ValidationIssue): string {
  const where = issue.path === '' ? '' : `${issue.path}: `;
  return `${issue.file}:${issue.line}: ${where}${issue.message}`;
}

/** Orders issues by file, then line, then path, so output is stable. */
export function compareIssues(a: ValidationIssue, b: ValidationIssue): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
