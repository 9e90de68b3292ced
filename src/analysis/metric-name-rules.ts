// The `dryRun` and `measurementRetention` rules name metrics by a pattern: `*` means every
// metric, anything else is a regular expression searched in the metric name (unanchored, as
// Argo's regexp.MatchString), so `success` also matches `success-rate` and `.*` matches all.

export class MetricNameRuleError extends Error {
  override name = 'MetricNameRuleError';
}

export function ruleMatches(pattern: string, metricName: string): boolean {
  if (pattern === '*') return true;
  let expression: RegExp;
  try {
    expression = new RegExp(pattern);
  } catch {
    return false;
  }
  return expression.test(metricName);
}

/**
 * For each rule, the metrics it names; a rule that names no metric is an error, as in Argo
 * (`dryRun[0]: rule "x" matches no metric name`).
 */
export function matchRules<Rule extends { metricName: string }>(
  field: 'dryRun' | 'measurementRetention',
  rules: readonly Rule[] | undefined,
  metricNames: readonly string[],
): Map<string, Rule> {
  const matched = new Map<string, Rule>();
  (rules ?? []).forEach((rule, index) => {
    const names = metricNames.filter((name) => ruleMatches(rule.metricName, name));
    if (names.length === 0) {
      throw new MetricNameRuleError(
        `${field}[${index}]: metricName "${rule.metricName}" matches no metric (metrics: ${metricNames.join(', ') || 'none'}); use a metric name, a regular expression or "*"`,
      );
    }
    for (const name of names) matched.set(name, rule);
  });
  return matched;
}

/** Names of the metrics that run in dry-run mode. */
export function dryRunMetricNames(
  rules: ReadonlyArray<{ metricName: string }> | undefined,
  metricNames: readonly string[],
): Set<string> {
  return new Set(matchRules('dryRun', rules, metricNames).keys());
}
