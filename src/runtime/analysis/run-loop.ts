// Drives an AnalysisRun with real providers: reconcile (pure bookkeeping), take the due
// measurements, feed the reports back, persist, wait until the next one is due; until the run
// completes. Used by `sluice analyze`, the local runtime and the controller (one step at a time).
import type { AnalysisRun } from '../../api/types/analysis.ts';
import type { ConditionEvaluator } from '../../analysis/assess-measurement.ts';
import type { AnalysisEvent } from '../../analysis/assess-run.ts';
import { secretArgRefs, type SecretArgRef, type SecretValues } from '../../analysis/args.ts';
import { isCompleted } from '../../analysis/assess-metric.ts';
import { exprConditionEvaluatorAt } from '../../analysis/expr-evaluator.ts';
import { reconcileAnalysisRun, type DueMeasurement } from '../../analysis/reconcile-run.ts';
import type { MeasurementReport } from '../../analysis/record-measurement.ts';
import type { MeasureContext, ProviderRegistry, RunIdentity } from '../../analysis/providers/index.ts';
import { systemClock, type Clock } from './clock.ts';
import { MeasurementFeed, type MeasurementUpdate } from './measurement-feed.ts';

export interface RunLoopOptions {
  providers: ProviderRegistry;
  evaluate?: ConditionEvaluator;
  clock?: Clock;
  /** Reads the value of a `valueFrom.secretKeyRef` arg; undefined when it cannot be read. */
  readSecret?: (ref: SecretArgRef, namespace: string) => Promise<string | undefined>;
  /** Called with the run after every step that changed it. */
  persist?: (run: AnalysisRun) => void | Promise<void>;
  onMeasurement?: (update: MeasurementUpdate) => void;
  onEvent?: (event: AnalysisEvent) => void;
  /** Called before each wait for the next step, with its length (any length: 30 days is fine). */
  onWait?: (ms: number) => void;
  /** When aborted, the run is terminated (spec.terminate) and driven to its end. */
  terminate?: AbortSignal;
  /** When aborted, the loop returns at once and leaves the run as last persisted (runtime shutdown). */
  stop?: AbortSignal;
  /** How long to wait when nothing is scheduled but the run is not complete. */
  idlePollMs?: number;
}

export interface StepResult {
  run: AnalysisRun;
  /** When to step again; undefined once the run is complete. */
  requeueAfterMs?: number;
  completed: boolean;
  events: AnalysisEvent[];
}

const MAX_ROUNDS_PER_STEP = 10;

/** One reconciliation with measurements: what a controller does per work-queue item. */
export async function stepAnalysisRun(initial: AnalysisRun, options: RunLoopOptions): Promise<StepResult> {
  const clock = options.clock ?? systemClock;
  const secrets = await readSecrets(initial, options);
  const events: AnalysisEvent[] = [];
  let run = initial;
  let reports: MeasurementReport[] | undefined;
  for (let round = 0; round < MAX_ROUNDS_PER_STEP; round++) {
    const now = clock.now();
    // now() in a condition is the time of the pass that judges it, as Argo's is the time of evaluation.
    const evaluate = options.evaluate ?? exprConditionEvaluatorAt(now);
    const result = reconcileAnalysisRun(run, now, {
      evaluate,
      ...(reports ? { reports } : {}),
      ...(secrets ? { secrets } : {}),
    });
    run = { ...run, status: result.status };
    events.push(...result.events);
    if (result.due.length === 0) {
      const completed = isCompleted(run.status?.phase);
      return {
        run,
        completed,
        events,
        ...(completed ? {} : { requeueAfterMs: result.requeueAfterMs ?? options.idlePollMs ?? 1000 }),
      };
    }
    reports = await Promise.all(result.due.map((due) => measure(run, due, clock, options, result.redact)));
  }
  return { run, completed: false, events, requeueAfterMs: 0 };
}

/** Drives the run until it completes (or `stop` aborts); returns the last state of the run. */
export async function driveAnalysisRun(initial: AnalysisRun, options: RunLoopOptions): Promise<AnalysisRun> {
  const clock = options.clock ?? systemClock;
  const feed = new MeasurementFeed();
  feed.updates(initial.status); // already shown or persisted before this loop started
  let run = initial;
  let terminateRequested = false;
  for (;;) {
    if (options.stop?.aborted) return run;
    if (options.terminate?.aborted && !terminateRequested && !isCompleted(run.status?.phase)) {
      terminateRequested = true;
      run = { ...run, spec: { ...run.spec, terminate: true } };
    }
    const before = JSON.stringify(run);
    const step = await stepAnalysisRun(run, options);
    run = step.run;
    for (const update of feed.updates(run.status)) options.onMeasurement?.(update);
    for (const event of step.events) options.onEvent?.(event);
    if (JSON.stringify(run) !== before) await options.persist?.(run);
    if (step.completed) return run;
    const wake = anySignal([options.stop, terminateRequested ? undefined : options.terminate]);
    options.onWait?.(step.requeueAfterMs ?? 0);
    await clock.sleep(step.requeueAfterMs ?? 0, wake);
  }
}

async function measure(
  run: AnalysisRun,
  due: DueMeasurement,
  clock: Clock,
  options: RunLoopOptions,
  redact: (text: string) => string,
): Promise<MeasurementReport> {
  const result = run.status?.metricResults?.find((candidate) => candidate.name === due.metricName);
  const context: MeasureContext = {
    run: identityOf(run),
    attempt: (result?.count ?? 0) + (result?.error ?? 0) + 1,
    now: () => clock.now(),
    redact,
    ...(options.stop ? { signal: options.stop } : {}),
  };
  const report = await options.providers.run(due.action, due.metric, context, due.measurement);
  return { ...report, metricName: due.metricName };
}

function identityOf(run: AnalysisRun): RunIdentity {
  const uid = run.metadata?.uid;
  return {
    name: run.metadata?.name ?? 'analysis',
    namespace: run.metadata?.namespace ?? 'default',
    ...(uid ? { uid } : {}),
  };
}

async function readSecrets(run: AnalysisRun, options: RunLoopOptions): Promise<SecretValues | undefined> {
  const refs = secretArgRefs(run.spec.args);
  if (refs.length === 0 || !options.readSecret) return undefined;
  const values: Record<string, string> = {};
  for (const ref of refs) {
    const value = await options.readSecret(ref, run.metadata?.namespace ?? 'default');
    if (value !== undefined) values[ref.argName] = value;
  }
  return values;
}

function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : AbortSignal.any(present);
}
