// The contract every MetricProvider passes (run by each provider's test file). Each
// implementation lists the cases it skips, with the reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Measurement, Metric } from '../../../src/api/types/analysis.ts';
import type { MeasureContext, MetricProvider } from '../../../src/analysis/providers/index.ts';
import type { MeasurementReport } from '../../../src/analysis/record-measurement.ts';
import { waitFor } from '../../support/ports.ts';

export type ContractCase = 'measures' | 'errors' | 'timeout' | 'terminate' | 'resume-after-restart';

export interface ContractSubject {
  name: string;
  /** A new instance; a second one stands for a restarted runtime. */
  create(): MetricProvider;
  /** A metric the provider measures successfully. */
  okMetric(): Metric;
  /** A metric whose measurement cannot be taken (dead server, bad spec). */
  brokenMetric(): Metric;
  /** A metric whose measurement outlasts the provider's timeout, and that timeout (ms). */
  slow?: { metric(): Metric; timeoutMs: number };
  skips?: Partial<Record<ContractCase, string>>;
}

let attempts = 0;

/** A context whose attempt number is new each time, so each measurement is a new one (a new job). */
export function contextFor(): MeasureContext {
  attempts += 1;
  return { run: { name: 'contract', namespace: 'default' }, attempt: attempts, now: () => Date.now() };
}

/** The in-flight measurement a runtime would have stored for a running report. */
export function inFlight(report: MeasurementReport): Measurement {
  const running = report.outcome.kind === 'running' ? report.outcome : undefined;
  return {
    phase: 'Running',
    startedAt: new Date(report.startedAt).toISOString(),
    ...(running?.resumeAt ? { resumeAt: new Date(running.resumeAt).toISOString() } : {}),
    ...(report.metadata ? { metadata: report.metadata } : {}),
  };
}

/** Resumes a running measurement until it finishes. */
export async function settle(
  provider: MetricProvider,
  metric: Metric,
  report: MeasurementReport,
  timeoutMs = 20_000,
): Promise<MeasurementReport> {
  if (report.outcome.kind !== 'running') return report;
  const measurement = inFlight(report);
  return waitFor(
    `${metric.name} to finish`,
    async () => {
      const next = await provider.resume(metric, measurement, contextFor());
      return next.outcome.kind === 'running' ? undefined : next;
    },
    timeoutMs,
    50,
  );
}

function finishedWell(report: MeasurementReport): boolean {
  return report.outcome.kind === 'value' || (report.outcome.kind === 'judged' && report.outcome.phase === 'Successful');
}

export function providerContract(subject: ContractSubject): void {
  const skip = (name: ContractCase) => subject.skips?.[name] ?? false;
  describe(`MetricProvider contract: ${subject.name}`, () => {
    it('measures a metric and names it in the report', { skip: skip('measures') }, async () => {
      const provider = subject.create();
      const metric = subject.okMetric();
      const report = await settle(provider, metric, await provider.measure(metric, contextFor()));
      assert.equal(report.metricName, metric.name);
      assert.ok(finishedWell(report), `expected a value or Successful, got ${JSON.stringify(report.outcome)}`);
      assert.ok(report.startedAt <= Date.now());
    });

    it('turns a measurement that cannot be taken into an Error report with a message', {
      skip: skip('errors'),
    }, async () => {
      const provider = subject.create();
      const report = await provider.measure(subject.brokenMetric(), contextFor());
      assert.equal(report.outcome.kind, 'error');
      assert.ok(
        report.outcome.kind === 'error' && report.outcome.message.length > 10,
        'the message says what happened',
      );
    });

    it('gives up at its timeout with an Error report', {
      skip: subject.slow ? skip('timeout') : skip('timeout') || 'no slow metric given',
    }, async () => {
      const slow = subject.slow;
      if (!slow) return;
      const provider = subject.create();
      const started = Date.now();
      const report = await provider.measure(slow.metric(), contextFor());
      const took = Date.now() - started;
      assert.ok(took >= slow.timeoutMs - 50, `returned before the timeout (${took} ms)`);
      assert.ok(took < slow.timeoutMs + 2000, `took ${took} ms, timeout ${slow.timeoutMs} ms`);
      assert.ok(
        report.outcome.kind === 'error' && /timeout/.test(report.outcome.message),
        JSON.stringify(report.outcome),
      );
    });

    it('terminates idempotently', { skip: skip('terminate') }, async () => {
      const provider = subject.create();
      const metric = subject.okMetric();
      const report = await provider.measure(metric, contextFor());
      const measurement = inFlight(report);
      const first = await provider.terminate(metric, measurement, contextFor());
      const second = await subject.create().terminate(metric, measurement, contextFor());
      for (const answer of [first, second]) {
        assert.equal(answer.metricName, metric.name);
        assert.notEqual(answer.outcome.kind, 'running');
        assert.notEqual(answer.outcome.kind, 'error', JSON.stringify(answer.outcome));
      }
    });

    it('resumes a measurement started before a restart', { skip: skip('resume-after-restart') }, async () => {
      const metric = subject.okMetric();
      const report = await subject.create().measure(metric, contextFor());
      assert.equal(report.outcome.kind, 'running', 'a resumable measurement is in flight after measure()');
      const restarted = subject.create();
      const final = await settle(restarted, metric, report);
      assert.ok(finishedWell(final), JSON.stringify(final.outcome));
      assert.deepEqual(final.metadata, report.metadata, 'the same job is watched');
    });
  });
}
