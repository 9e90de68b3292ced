// Drives reconcileAnalysisRun the way a runtime loop does, on a virtual clock: reconcile, take
// the due measurements with a scripted provider, reconcile again with the reports, persist the
// status, then jump to the requeue time.
import {
  reconcileAnalysisRun,
  type DueMeasurement,
  type ReconcileResult,
} from '../../../src/analysis/reconcile-run.ts';
import type { MeasurementReport, ProviderOutcome } from '../../../src/analysis/record-measurement.ts';
import type { ConditionEvaluator } from '../../../src/analysis/assess-measurement.ts';
import type { SecretValues } from '../../../src/analysis/args.ts';
import type { AnalysisRun } from '../../../src/api/types/analysis.ts';
import type { AnalysisEvent } from '../../../src/analysis/assess-run.ts';

/** The scripted provider: what measuring `due` at `now` gives. */
export type ScriptedProvider = (due: DueMeasurement, now: number) => ProviderOutcome;

export interface Simulation {
  run: AnalysisRun;
  /** `metric@seconds:action` for every measurement taken, in order. */
  taken: string[];
  events: AnalysisEvent[];
  last: ReconcileResult;
}

export interface SimulateOptions {
  start: number;
  evaluate: ConditionEvaluator;
  provider: ScriptedProvider;
  secrets?: SecretValues;
  /** Stop when the clock passes this time (for runs that never end on their own). */
  until?: number;
  /** Changes to apply to the run when the clock reaches a time, e.g. spec.terminate. */
  onTime?: (now: number, run: AnalysisRun) => AnalysisRun;
}

export function simulate(initial: AnalysisRun, options: SimulateOptions): Simulation {
  let run = initial;
  let now = options.start;
  const taken: string[] = [];
  const events: AnalysisEvent[] = [];
  for (let step = 0; step < 1000; step += 1) {
    if (options.onTime) run = options.onTime(now, run);
    const first = reconcileAnalysisRun(run, now, {
      evaluate: options.evaluate,
      ...(options.secrets ? { secrets: options.secrets } : {}),
    });
    events.push(...first.events);
    run = { ...run, status: first.status };
    let last = first;
    if (first.due.length > 0) {
      const reports: MeasurementReport[] = first.due.map((due) => {
        taken.push(`${due.metricName}@${(now - options.start) / 1000}:${due.action}`);
        return { metricName: due.metricName, startedAt: now, outcome: options.provider(due, now) };
      });
      last = reconcileAnalysisRun(run, now, {
        evaluate: options.evaluate,
        reports,
        ...(options.secrets ? { secrets: options.secrets } : {}),
      });
      events.push(...last.events);
      run = { ...run, status: last.status };
    }
    const completed = ['Successful', 'Failed', 'Error', 'Inconclusive'].includes(run.status?.phase ?? '');
    if (last.due.length === 0 && (completed || last.requeueAfterMs === undefined)) return { run, taken, events, last };
    const next = last.due.length > 0 ? now : now + (last.requeueAfterMs ?? 0);
    if (options.until !== undefined && next > options.until) return { run, taken, events, last };
    now = next;
  }
  throw new Error('simulation did not settle in 1000 steps');
}

/** A provider that returns the values of a list, one per measurement, per metric. */
export function values(byMetric: Record<string, unknown[]>): ScriptedProvider {
  const positions = new Map<string, number>();
  return (due) => {
    const position = positions.get(due.metricName) ?? 0;
    positions.set(due.metricName, position + 1);
    const value = byMetric[due.metricName]?.[position];
    if (value === undefined) throw new Error(`no scripted value ${position} for ${due.metricName}`);
    if (value instanceof Error) return { kind: 'error', message: value.message };
    return { kind: 'value', result: value, value: JSON.stringify(value) };
  };
}
