// The successCondition and failureCondition of every metric, compiled as the analysis will compile
// them (src/expr), so a condition that cannot work is reported by `sluice lint` with the file and
// line of its field instead of failing the AnalysisRun at run time. The model (src/api) does not
// know the condition language, so this check lives with the command.
import { compileCondition, ExprError } from '../../expr/index.ts';
import { formatPath, type PathSegment } from '../../api/manifests/field-path.ts';
import type { ValidationIssue } from '../../api/manifests/issue.ts';
import type { ParsedObject } from '../../api/manifests/parsed-object.ts';

const ANALYSIS_KINDS = new Set(['AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun']);
const CONDITIONS = ['successCondition', 'failureCondition'] as const;
/** `{{ args.x }}` and the like: Argo substitutes them before compiling, so the condition is judged then. */
const PLACEHOLDER = /\{\{[^}]*\}\}/;

interface MetricConditions {
  successCondition?: unknown;
  failureCondition?: unknown;
}

export function conditionIssues(objects: readonly ParsedObject[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const item of objects) {
    if (!ANALYSIS_KINDS.has(item.object.kind)) continue;
    const metrics = (item.object as { spec?: { metrics?: unknown } }).spec?.metrics;
    if (!Array.isArray(metrics)) continue;
    metrics.forEach((metric: MetricConditions | null, index) => {
      for (const field of CONDITIONS) {
        const source = metric?.[field];
        if (typeof source !== 'string' || source.trim() === '' || PLACEHOLDER.test(source)) continue;
        const message = compileProblem(field, source);
        if (message === undefined) continue;
        const path: PathSegment[] = ['spec', 'metrics', index, field];
        issues.push({ file: item.file, line: item.lineOf(path), path: formatPath(path), message, severity: 'error' });
      }
    });
  }
  return issues;
}

/** Why the condition does not compile, in one line, or undefined when it compiles. */
export function compileProblem(field: string, source: string): string | undefined {
  try {
    compileCondition(source);
    return undefined;
  } catch (error) {
    if (!(error instanceof ExprError)) throw error;
    const multiline = source.trim().includes('\n');
    const where = multiline ? `line ${error.line}, column ${error.column}` : `column ${error.column}`;
    const hint = /unknown name/.test(error.reason)
      ? 'the measurement is the variable result (e.g. result[0] >= 0.95)'
      : 'write it in expr-lang syntax, with the measurement as result (e.g. result[0] >= 0.95)';
    return `${field} does not compile: ${error.reason} at ${where} of ${JSON.stringify(source.trim())}; ${hint}`;
  }
}
