// Shared test fixtures for the analysis bookkeeping: a table-driven fake condition evaluator,
// metric and run builders, and a virtual clock.
import type { AnalysisRun, Metric } from '../../../src/api/types/analysis.ts';
import type { ConditionEvaluator } from '../../../src/analysis/assess-measurement.ts';

/** Outcome of one condition for one result; an Error is thrown as the evaluator would. */
export type FakeOutcome = boolean | Error;

/**
 * A condition evaluator driven by a table keyed by `condition|JSON(result)`. Asking for a pair the
 * table does not hold fails the test, so tests cannot pass by accident.
 */
export function fakeEvaluator(
  table: ReadonlyArray<[condition: string, result: unknown, outcome: FakeOutcome]>,
): ConditionEvaluator & { calls: string[] } {
  const outcomes = new Map(
    table.map(([condition, result, outcome]) => [`${condition}|${JSON.stringify(result)}`, outcome]),
  );
  const calls: string[] = [];
  const evaluate = (condition: string, result: unknown): boolean => {
    const key = `${condition}|${JSON.stringify(result)}`;
    calls.push(key);
    const outcome = outcomes.get(key);
    if (outcome === undefined) throw new Error(`fake evaluator has no entry for ${key}`);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return Object.assign(evaluate, { calls });
}

/** `result >= 0.95` holds for 0.99 and not for 0.5; `error-prone` cannot be evaluated. */
export const successRate = fakeEvaluator([
  ['result >= 0.95', 0.99, true],
  ['result >= 0.95', 0.5, false],
  ['result < 0.5', 0.99, false],
  ['result < 0.5', 0.5, false],
  ['result < 0.5', 0.1, true],
  ['result >= 0.95', 0.1, false],
  ['result >= 0.95', 'text', new Error('invalid operation: >= (mismatched types string and float64)')],
]);

export function metric(overrides: Partial<Metric> = {}): Metric {
  return {
    name: 'success-rate',
    successCondition: 'result >= 0.95',
    provider: { prometheus: { address: 'http://prometheus:9090', query: 'up' } },
    ...overrides,
  };
}

export function analysisRun(metrics: Metric[], spec: Partial<AnalysisRun['spec']> = {}): AnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name: 'guestbook-abc123-2', namespace: 'default' },
    spec: { metrics, ...spec },
  };
}

export const T0 = Date.parse('2026-01-01T00:00:00Z');

export function at(seconds: number): number {
  return T0 + seconds * 1000;
}
