import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { AnalysisRun, AnalysisTemplate } from '../../../../../src/api/types/analysis.ts';
import type { Experiment } from '../../../../../src/api/types/experiment.ts';
import type { Stored } from '../../../../../src/platform/kubernetes/client/objects.ts';
import type { Rollout } from '../../../../../src/api/types/rollout.ts';
import { createControllerMetrics } from '../../../../../src/runtime/kubernetes/metrics/controller-metrics.ts';
import { InstrumentedWorkQueue } from '../../../../../src/runtime/kubernetes/metrics/workqueue-metrics.ts';
import { FakeTimers } from '../support/fake-timers.ts';
import { argoMetricList } from './argo-metric-list.ts';
import { parseExposition, type ParsedFamily } from '../../../platform/prometheus/exposition-parser.ts';
import { renderExposition } from '../../../../../src/platform/prometheus/exposition.ts';

const rollout = (name: string, extra: Partial<Rollout> = {}): Stored<Rollout> =>
  ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '1' },
    spec: { replicas: 5, strategy: { canary: { trafficRouting: { istio: { virtualService: { name: 'vs' } } } } } },
    status: {
      replicas: 6,
      availableReplicas: 4,
      updatedReplicas: 2,
      conditions: [{ type: 'Progressing', status: 'True', reason: 'RolloutPaused', message: '' }],
    },
    ...extra,
  }) as Stored<Rollout>;

const run: Stored<AnalysisRun> = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisRun',
  metadata: { name: 'run-1', namespace: 'shop', uid: 'uid-run-1', resourceVersion: '1' },
  spec: {
    metrics: [
      { name: 'success-rate', provider: { prometheus: { query: 'q' } } },
      { name: 'smoke', provider: { job: { spec: { template: { spec: { containers: [] } } } } } },
    ],
    dryRun: [{ metricName: 'smoke' }],
  },
  status: { phase: 'Running', metricResults: [{ name: 'success-rate', phase: 'Successful' }] },
} as Stored<AnalysisRun>;

const template = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: { name: 'tpl', namespace: 'shop', uid: 'uid-tpl', resourceVersion: '1' },
  spec: { metrics: [{ name: 'w', provider: { web: { url: 'http://x' } } }] },
} as Stored<AnalysisTemplate>;
const experiment = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Experiment',
  metadata: { name: 'ex', namespace: 'shop', uid: 'uid-ex', resourceVersion: '1' },
  spec: { templates: [] },
  status: { phase: 'Running' },
} as Stored<Experiment>;

function fullMetrics() {
  const timers = new FakeTimers();
  const metrics = createControllerMetrics({ version: 'v1.2.3', processStartMs: 1_700_000_000_000 });
  metrics.setSources({
    rollouts: () => [rollout('web')],
    analysisRuns: () => [run],
    analysisTemplates: () => [template],
    clusterAnalysisTemplates: () => [],
    experiments: () => [experiment],
  });
  metrics.observeReconcile('Rollout', 'shop', 'web', 120);
  metrics.observeReconcile('AnalysisRun', 'shop', 'run-1', 5);
  metrics.observeReconcile('Experiment', 'shop', 'ex', 2000);
  metrics.countError('Rollout', 'shop', 'web');
  metrics.countError('AnalysisRun', 'shop', 'run-1');
  metrics.countError('Experiment', 'shop', 'ex');
  metrics.rolloutEvents.inc({ namespace: 'shop', name: 'web', type: 'Normal', reason: 'RolloutUpdated' });
  metrics.observeRequest({
    verb: 'Get',
    kind: 'rollouts',
    namespace: 'shop',
    name: 'web',
    statusCode: 200,
    durationMs: 3,
  });
  return { metrics, ...fullMetricsQueue(metrics, timers) };
}

function fullMetricsQueue(metrics: ReturnType<typeof createControllerMetrics>, timers = new FakeTimers()) {
  const queue = new InstrumentedWorkQueue<string>({ timers, name: 'Rollouts', metrics: metrics.workQueues });
  queue.add('shop/web');
  return { queue, timers };
}

const sample = (family: ParsedFamily | undefined, labels: Record<string, string>) =>
  family?.samples.find((candidate) =>
    Object.entries(labels).every(([name, value]) => candidate.labels[name] === value),
  );

describe('controller metrics', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  after(async () => {
    for (const server of servers) await server.close();
  });

  it('renders the page as lines to the same text as the collected samples, label values escaped alike', () => {
    const { metrics } = fullMetrics();
    const awkward = ['back\\slash', '"quoted"', 'two\nlines', ''];
    metrics.setSources({
      rollouts: () => [
        rollout('web'),
        rollout('blue', { spec: { replicas: 2, strategy: { blueGreen: { activeService: 'a' } } } } as Partial<Rollout>),
        // A Rollout without status or replicas, as the API server may hold one before the first pass: the type requires both.
        rollout('bare', { status: undefined, spec: {} } as unknown as Partial<Rollout>),
        ...awkward.map((namespace, i) => ({
          ...rollout(`odd-${i}`),
          metadata: { name: `odd-${i}`, namespace, uid: `u-${i}`, resourceVersion: '1' },
        })),
      ],
    });
    for (const [i, value] of awkward.entries()) {
      metrics.rolloutEvents.inc({ namespace: value, name: 'web', type: 'Warning', reason: value }, i + 1);
      metrics.observeReconcile('Rollout', value, `odd-${i}`, 0.5 + 300 * i);
    }
    metrics.rolloutReconcile.observe({}, 2);
    // The process families read the process's CPU and memory, which move between two reads.
    const steady = (text: string) =>
      text
        .split('\n')
        .filter((line) => !/^(# (HELP|TYPE) )?process_/.test(line))
        .join('\n');
    const page = metrics.render();
    assert.equal(steady(page), steady(renderExposition(metrics.collect())));
    assert.ok(
      parseExposition(page)
        .get('rollout_info')
        ?.samples.some((found) => found.labels['namespace'] === '"quoted"'),
    );
  });

  it("exposes every metric of Argo's list with its type and exact label set, over HTTP at /metrics", async () => {
    const { metrics, queue } = fullMetrics();
    queue.done((await queue.get()) ?? '');
    const server = await metrics.serve(0, '127.0.0.1');
    servers.push(server);
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const families = parseExposition(await response.text());
    for (const expected of argoMetricList) {
      const family = families.get(expected.name);
      assert.ok(family, `${expected.name} is missing`);
      assert.equal(family.type, expected.type, expected.name);
      assert.ok(family.samples.length > 0, `${expected.name} has no sample`);
      for (const found of family.samples) {
        const labelNames = Object.keys(found.labels).filter(
          (name) => !(found.name.endsWith('_bucket') && name === 'le'),
        );
        assert.deepEqual(labelNames.sort(), [...expected.labels].sort(), `${found.name} labels`);
      }
    }
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/other`)).status, 404);
    assert.ok((families.get('process_open_fds')?.samples[0]?.value ?? 0) > 0);
  });

  it('computes the rollout families from the cached objects at scrape time', () => {
    const { metrics } = fullMetrics();
    const families = parseExposition(metrics.render());
    assert.deepEqual(sample(families.get('rollout_info'), { name: 'web' })?.labels, {
      namespace: 'shop',
      name: 'web',
      strategy: 'canary',
      traffic_router: 'Istio',
      phase: 'Paused',
    });
    assert.equal(sample(families.get('rollout_info_replicas_available'), { name: 'web' })?.value, 4);
    assert.equal(sample(families.get('rollout_info_replicas_unavailable'), { name: 'web' })?.value, 2);
    assert.equal(sample(families.get('rollout_info_replicas_desired'), { name: 'web' })?.value, 5);
    assert.equal(sample(families.get('rollout_info_replicas_updated'), { name: 'web' })?.value, 2);
    const phases = families
      .get('rollout_phase')
      ?.samples.filter((found) => found.value === 1)
      .map((found) => found.labels['phase']);
    assert.deepEqual(phases, ['Paused']);
    assert.equal(families.get('rollout_phase')?.samples.length, 6);
    assert.equal(
      sample(families.get('controller_clientset_k8s_request_total'), { verb: 'Get' })?.labels['status_code'],
      '200',
    );
    assert.equal(sample(families.get('rollout_reconcile'), { le: '0.15' })?.value, 1);
    assert.equal(sample(families.get('rollout_reconcile'), { le: '0.01' })?.value, 0);
  });

  it('computes the analysis run families: info, metric type, metric phase with dry_run', () => {
    const families = parseExposition(fullMetrics().metrics.render());
    assert.equal(sample(families.get('analysis_run_info'), { name: 'run-1' })?.labels['phase'], 'Running');
    assert.equal(
      sample(families.get('analysis_run_metric_type'), { metric: 'success-rate' })?.labels['type'],
      'Prometheus',
    );
    assert.equal(sample(families.get('analysis_run_metric_type'), { metric: 'smoke' })?.labels['type'], 'Job');
    const on = families
      .get('analysis_run_metric_phase')
      ?.samples.filter((found) => found.value === 1)
      .map((found) => `${found.labels['metric']}:${found.labels['phase']}:${found.labels['dry_run']}`);
    assert.deepEqual(on, ['success-rate:Successful:false', 'smoke:Pending:true']);
    assert.deepEqual(sample(families.get('analysis_template_metric_info'), {})?.labels, {
      namespace: 'shop',
      name: 'tpl',
      type: 'Web',
      metric: 'w',
    });
    assert.equal(
      families.get('experiment_phase')?.samples.find((found) => found.value === 1)?.labels['phase'],
      'Running',
    );
  });

  it('derives the rollout phase from conditions as Argo does', () => {
    const table: Array<[string | undefined, boolean, string]> = [
      ['NewReplicaSetAvailable', false, 'Completed'],
      ['RolloutPaused', false, 'Paused'],
      ['ReplicaSetCreateError', false, 'Error'],
      ['ProgressDeadlineExceeded', false, 'Timeout'],
      ['RolloutAborted', false, 'Abort'],
      ['ReplicaSetUpdated', false, 'Progressing'],
      [undefined, false, 'Progressing'],
      ['NewReplicaSetAvailable', true, 'InvalidSpec'],
    ];
    for (const [reason, invalid, phase] of table) {
      const conditions = [
        ...(reason ? [{ type: 'Progressing', status: 'True', reason, message: '' }] : []),
        ...(invalid ? [{ type: 'InvalidSpec', status: 'True', reason: 'InvalidSpec', message: '' }] : []),
      ];
      const metrics = createControllerMetrics({ processMetrics: false });
      metrics.setSources({ rollouts: () => [rollout('r', { status: { conditions } } as Partial<Rollout>)] });
      const families = parseExposition(metrics.render());
      assert.equal(families.get('rollout_info')?.samples[0]?.labels['phase'], phase, `${reason} invalid=${invalid}`);
      const onPhases = families
        .get('rollout_phase')
        ?.samples.filter((found) => found.value === 1)
        .map((found) => found.labels['phase']);
      assert.deepEqual(onPhases, phase === 'InvalidSpec' ? [] : [phase]);
    }
  });

  it('labels strategy and traffic router as Argo does', () => {
    const cases: Array<[Rollout['spec']['strategy'], string, string]> = [
      [{ blueGreen: { activeService: 'a' } }, 'blueGreen', ''],
      [{ canary: {} }, 'canary', ''],
      [{ canary: { trafficRouting: { nginx: {} } } }, 'canary', 'Nginx'],
      [{ canary: { trafficRouting: { smi: {} } } }, 'canary', 'SMI'],
      // No strategy: the type requires one, a manifest may leave it out.
      [undefined as unknown as Rollout['spec']['strategy'], 'none', ''],
    ];
    for (const [strategy, name, router] of cases) {
      const metrics = createControllerMetrics({ processMetrics: false });
      metrics.setSources({ rollouts: () => [rollout('r', { spec: { strategy } } as Partial<Rollout>)] });
      const labels = parseExposition(metrics.render()).get('rollout_info')?.samples[0]?.labels;
      assert.equal(labels?.['strategy'], name);
      assert.equal(labels?.['traffic_router'], router);
    }
  });

  it('forgets the reconcile series of a deleted object', () => {
    const { metrics } = fullMetrics();
    metrics.forget('Rollout', 'shop', 'web');
    const families = parseExposition(metrics.render());
    assert.equal(families.get('rollout_reconcile')?.samples.length, 0);
    assert.equal(families.get('rollout_reconcile_error')?.samples.length, 0);
    assert.equal(families.get('rollout_events_total')?.samples.length, 0);
    assert.equal(families.get('analysis_run_reconcile_error')?.samples.length, 1);
  });

  it("names no ReplicaSet, Event or list in the request counter, as Argo's N/A: one series, not one per object ever written", () => {
    const metrics = createControllerMetrics();
    const request = { namespace: 'shop', statusCode: 200, durationMs: 1 };
    for (let revision = 0; revision < 100; revision++) {
      metrics.observeRequest({ ...request, verb: 'Patch', kind: 'replicasets', name: `web-${revision}` });
      metrics.observeRequest({ ...request, verb: 'Create', kind: 'events', name: `web.${revision}` });
      metrics.observeRequest({ ...request, verb: 'List', kind: 'pods', name: '' });
    }
    metrics.observeRequest({ ...request, verb: 'Patch', kind: 'rollouts', name: 'web' });
    metrics.observeRequest({ ...request, verb: 'Unknown', kind: 'widgets', name: 'w' });
    const samples = parseExposition(metrics.render()).get('controller_clientset_k8s_request_total')?.samples ?? [];
    const series = samples.map(
      ({ labels, value }) => `${labels['kind']} ${labels['namespace']} ${labels['name']} ${labels['verb']} ${value}`,
    );
    assert.deepEqual(series.sort(), [
      'Unknown Unknown Unknown Unknown 1',
      'events shop N/A Create 100',
      'pods shop N/A List 100',
      'replicasets shop N/A Patch 100',
      'rollouts shop web Patch 1',
    ]);
  });

  it('reports work queue adds, depth, retries, queue and work durations', async () => {
    const { metrics, queue, timers } = fullMetrics();
    queue.add('shop/web'); // already waiting: not a second add
    queue.add('shop/api');
    let families = parseExposition(metrics.render());
    assert.equal(sample(families.get('workqueue_adds_total'), { name: 'Rollouts' })?.value, 2);
    assert.equal(sample(families.get('workqueue_depth'), { name: 'Rollouts' })?.value, 2);
    await timers.advance(2000);
    const key = await queue.get();
    await timers.advance(500);
    families = parseExposition(metrics.render());
    assert.equal(sample(families.get('workqueue_longest_running_processor_seconds'), { name: 'Rollouts' })?.value, 0.5);
    queue.addRateLimited(key ?? '');
    queue.done(key ?? '');
    families = parseExposition(metrics.render());
    assert.equal(sample(families.get('workqueue_retries_total'), { name: 'Rollouts' })?.value, 1);
    assert.equal(sample(families.get('workqueue_queue_duration_seconds'), { le: '+Inf' })?.value, 1);
    assert.equal(
      families.get('workqueue_queue_duration_seconds')?.samples.find((found) => found.name.endsWith('_sum'))?.value,
      2,
    );
    assert.equal(
      families.get('workqueue_work_duration_seconds')?.samples.find((found) => found.name.endsWith('_sum'))?.value,
      0.5,
    );
    assert.equal(sample(families.get('workqueue_depth'), { name: 'Rollouts' })?.value, 1);
  });
});
