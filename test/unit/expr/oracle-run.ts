// Runs conditions through the expr-lang oracle (test/oracles/expr, Argo's EvalCondition on
// expr-lang v1.17.7) and through sluice's own evaluation path, and puts both outcomes in one
// shape so they can be compared.
import path from 'node:path';
import { exprConditionEvaluatorAt } from '../../../src/analysis/expr-evaluator.ts';
import { conditionValue, ExprError } from '../../../src/expr/index.ts';
import { isDuration, isTime } from '../../../src/expr/values.ts';
import { runOracle as runOracleProgram } from '../../oracles/run-oracle.ts';
import { buildGoProgram } from '../../support/go-program.ts';
import type { OracleCase } from './oracle-generator.ts';

export type Phase = 'Successful' | 'Failed' | 'Error';

export interface Outcome {
  phase: Phase;
  error?: string;
  /** The value the expression evaluated to, typed as the oracle writes it (see main.go). */
  value: unknown;
}

const oracleDir = path.resolve(import.meta.dirname, '../../oracles/expr');

export function runOracle(cases: readonly OracleCase[]): Outcome[] {
  const input = cases.map((c) => ({ expression: c.expression, result: c.result, ...(c.env ? { env: c.env } : {}) }));
  return runOracleProgram<unknown, Outcome>(buildGoProgram(oracleDir), input, { env: { TZ: 'UTC' } });
}

/** The value in the oracle's typed JSON form. */
export function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return { int: value.toString() };
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { float: 'NaN' };
    if (!Number.isFinite(value)) return { float: value > 0 ? '+Inf' : '-Inf' };
    return { float: value };
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(canonical);
  if (isTime(value)) return { time: value.toISOString() };
  if (isDuration(value)) return { duration: value.nanoseconds.toString() };
  if (typeof value === 'object') {
    const entries: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) entries[key] = canonical((value as Record<string, unknown>)[key]);
    return { map: entries };
  }
  return { other: typeof value };
}

/** The outcome sluice gives: the phase from the analysis evaluator, the value from the same compiled condition. */
export function runSluice(c: OracleCase): Outcome {
  const now = Date.now();
  let phase: Phase;
  let error: string | undefined;
  try {
    phase = exprConditionEvaluatorAt(now)(c.expression, c.result) ? 'Successful' : 'Failed';
  } catch (caught) {
    if (!(caught instanceof ExprError)) throw caught;
    phase = 'Error';
    error = caught.reason;
  }
  let value: unknown = null;
  try {
    value = canonical(conditionValue(c.expression, c.result, { now }));
  } catch {
    value = null;
  }
  return { phase, ...(error === undefined ? {} : { error }), value };
}

/** Same value: deep equality on the typed JSON form (floats compared exactly, -0 apart from 0). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const left = Object.keys(a).sort();
    const right = Object.keys(b).sort();
    return (
      left.length === right.length &&
      left.every(
        (key, i) =>
          key === right[i] && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
      )
    );
  }
  return a === b;
}

/** Whether the oracle evaluated the expression (a value, bool or not), rather than failing. */
export function evaluated(outcome: Outcome): boolean {
  return outcome.phase !== 'Error' || outcome.error?.startsWith('expected bool') === true;
}

/** Agreement: the same phase, and for anything that evaluated, the same value. */
export function agree(c: OracleCase, go: Outcome, ours: Outcome): boolean {
  if (go.phase !== ours.phase) return false;
  if (!evaluated(go) || (go.value === null && ours.value === null)) return true;
  // now() is the only value that differs from run to run: with it, only the phase is compared.
  if (c.expression.includes('now()')) return true;
  return sameValue(go.value, ours.value);
}
