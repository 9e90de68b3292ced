// The shared rollout pass over in-memory ports: what it observes, what it plans (the look-ahead and
// the abort's return of traffic first), what it writes and in which order, and what it reports to
// the runtime's driver.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisTemplate } from '../../../../src/api/types/analysis.ts';
import type { Deployment, Service } from '../../../../src/api/types/core.ts';
import type { VirtualService } from '../../../../src/api/types/istio.ts';
import type { CanaryStep, Rollout } from '../../../../src/api/types/rollout.ts';
import type { Stored } from '../../../../src/platform/kubernetes/client/objects.ts';
import { observeRollout } from '../../../../src/runtime/rollouts/observe.ts';
import { runRolloutPass, type PassOutcome } from '../../../../src/runtime/rollouts/rollout-pass.ts';
import type { MissingObjectHints, RolloutMemory } from '../../../../src/runtime/rollouts/ports.ts';
import { canaryRollout, istioHostLevel } from '../../engine/harness/fixtures.ts';
import { memoryPorts, type MemoryPorts } from './memory-ports.ts';

const HINTS: MissingObjectHints = { object: 'create it', workloadRef: 'create it or fix the reference' };
const START = Date.parse('2026-03-01T10:00:00Z');

/** A host-level Istio canary over memory ports, with its Services, VirtualService and templates. */
class Bench {
  now = START;
  readonly ports: MemoryPorts;
  readonly memory: RolloutMemory = { appliedTraffic: undefined };

  constructor(
    steps: CanaryStep[],
    options: { canVerify?: boolean; analysis?: string; template?: AnalysisTemplate } = {},
  ) {
    this.ports = memoryPorts({ canVerify: options.canVerify ?? false, clock: () => this.now });
    const canary = {
      ...istioHostLevel(),
      ...(options.analysis ? { analysis: { templates: [{ templateName: options.analysis }] } } : {}),
    };
    const rollout = canaryRollout({ replicas: 2, steps, canary });
    rollout.metadata.uid = 'rollout-uid';
    const { objects } = this.ports;
    objects.put(rollout);
    for (const name of ['app-stable', 'app-canary'])
      objects.put({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: 'default' },
        spec: { selector: { app: 'app' } },
      } as Service);
    objects.put({
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'app-vs', namespace: 'default' },
      spec: {
        http: [
          {
            name: 'primary',
            route: [
              { destination: { host: 'app-stable' }, weight: 100 },
              { destination: { host: 'app-canary' }, weight: 0 },
            ],
          },
        ],
      },
    } as VirtualService);
    if (options.template) objects.put(options.template);
    objects.writes.length = 0;
  }

  get rollout(): Stored<Rollout> {
    const rollout = this.ports.objects.get('Rollout', 'default', 'app');
    assert.ok(rollout);
    return rollout;
  }

  /** One pass; returns its outcome and the writes it made. */
  async pass(): Promise<{ outcome: PassOutcome; writes: string[] }> {
    const from = this.ports.log.length;
    const outcome = await runRolloutPass(this.rollout, {
      ports: this.ports,
      memory: this.memory,
      now: this.now,
      hints: HINTS,
    });
    return { outcome, writes: this.ports.log.slice(from) };
  }

  /** Passes until one changes nothing (as the local driver runs them). */
  async settle(): Promise<void> {
    for (let n = 0; n < 20; n++) {
      const { outcome } = await this.pass();
      if (outcome.kind === 'done' && outcome.plan.decision.actions.length === 0 && !outcome.statusChanged) return;
      assert.ok(outcome.kind === 'done' || outcome.kind === 'returnedToStable', `pass ${n}: ${outcome.kind}`);
    }
    assert.fail('the rollout did not settle in 20 passes');
  }

  setImage(image: string): void {
    const rollout = this.rollout;
    rollout.spec.template!.spec!.containers[0]!.image = image;
    rollout.metadata.generation = (rollout.metadata.generation ?? 1) + 1;
    this.ports.objects.put(rollout);
  }
}

const successRate: AnalysisTemplate = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisTemplate',
  metadata: { name: 'success-rate', namespace: 'default' },
  spec: { metrics: [{ name: 'success-rate', provider: { web: { url: 'http://127.0.0.1/' } } }] },
};

describe('the rollout pass', () => {
  it('takes a new canary to Healthy through the ports, the stable Service pointed at its revision', async () => {
    const bench = new Bench([{ setWeight: 20 }, { pause: {} }]);
    await bench.settle();
    const status = bench.rollout.status;
    assert.equal(status?.phase, 'Healthy');
    assert.ok(status?.stableRS);
    assert.equal(
      bench.ports.objects.get('Service', 'default', 'app-stable')?.spec.selector?.['rollouts-pod-template-hash'],
      status.stableRS,
    );
    assert.deepEqual(
      [...bench.ports.workloads.replicaSets.values()].map((rs) => rs.replicas),
      [2],
    );
  });

  it('takes the template from the workloadRef Deployment and scales that Deployment to 0 once Healthy (scaleDown: onsuccess)', async () => {
    const bench = new Bench([{ setWeight: 20 }, { pause: {} }]);
    const rollout = bench.rollout;
    const template = rollout.spec.template;
    assert.ok(template);
    delete rollout.spec.template;
    rollout.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy', scaleDown: 'onsuccess' };
    bench.ports.objects.put(rollout);
    bench.ports.objects.put({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'legacy', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'app' } }, template },
    } as Deployment);
    await bench.settle();
    assert.equal(bench.rollout.status?.phase, 'Healthy');
    assert.equal(bench.ports.objects.get('Deployment', 'default', 'legacy')?.spec.replicas, 0);
    assert.ok(bench.ports.log.includes('Deployment/legacy: replicas 0'), bench.ports.log.join('\n'));
    const [rs] = [...bench.ports.workloads.replicaSets.values()];
    assert.equal(rs?.template.spec?.containers[0]?.image, template.spec?.containers[0]?.image);
  });

  it('takes the selector from the workloadRef Deployment when the Rollout has none, as Argo', async () => {
    const bench = new Bench([{ setWeight: 20 }, { pause: {} }]);
    const rollout = bench.rollout;
    const template = rollout.spec.template;
    assert.ok(template);
    delete rollout.spec.template;
    delete rollout.spec.selector;
    rollout.spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy' };
    bench.ports.objects.put(rollout);
    bench.ports.objects.put({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'legacy', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'app' } }, template },
    } as Deployment);
    await bench.settle();
    assert.equal(bench.rollout.status?.phase, 'Healthy', bench.rollout.status?.message);
    assert.equal(bench.rollout.status?.selector, 'app=app');
    assert.equal(bench.rollout.spec.selector, undefined, 'the stored spec is left as it is');
    assert.equal(
      bench.ports.objects.get('Deployment', 'default', 'legacy')?.spec.replicas,
      2,
      'scaleDown never (the default)',
    );
  });

  it('decides ahead: the pass that ends a timed pause already sets the next weight', async () => {
    const bench = new Bench([{ setWeight: 20 }, { pause: { duration: '10s' } }, { setWeight: 50 }, { pause: {} }]);
    await bench.settle();
    bench.setImage('app:2');
    await bench.settle();
    assert.equal(bench.rollout.status?.currentStepIndex, 1);
    assert.equal(bench.ports.router.inPlace?.canaryWeight, 20);

    bench.now += 11_000;
    const { outcome, writes } = await bench.pass();
    assert.equal(outcome.kind, 'done');
    assert.ok(writes.includes('traffic: canary 50'), writes.join('\n'));
    assert.equal(bench.rollout.status?.currentStepIndex, 3, 'one status write for both passes');
  });

  it('returns traffic to stable alone on a failed analysis, and completes the abort in the next pass', async () => {
    const bench = new Bench([{ setWeight: 10 }, { pause: {} }], { analysis: 'success-rate', template: successRate });
    await bench.settle();
    bench.setImage('app:2');
    await bench.settle();
    assert.equal(bench.ports.router.inPlace?.canaryWeight, 10);
    const [run] = bench.ports.objects.list('AnalysisRun');
    assert.ok(run && run.kind === 'AnalysisRun');
    bench.ports.objects.put({ ...run, status: { phase: 'Failed', message: 'success-rate failed' } });
    const statusBefore = bench.rollout.status;

    const first = await bench.pass();
    assert.equal(first.outcome.kind, 'returnedToStable');
    assert.deepEqual(first.writes, ['traffic: canary 0'], 'nothing but the traffic');
    assert.deepEqual(bench.rollout.status, statusBefore, 'the status waits for the next pass');
    assert.deepEqual(
      bench.ports.events.list.filter((event) => event.reason === 'RolloutAborted'),
      [],
    );

    const second = await bench.pass();
    assert.equal(second.outcome.kind, 'done');
    assert.ok(!second.writes.some((write) => write.startsWith('traffic:')), second.writes.join('\n'));
    assert.equal(bench.rollout.status?.abort, true);
    assert.equal(bench.rollout.status?.phase, 'Degraded');
    assert.ok(bench.ports.events.list.some((event) => event.reason === 'RolloutAborted'));
  });

  // Argo's TestCanaryBackgroundAnalysis reads the background run the instant the rollout shows Paused
  // and expects it Running: the run must not wait for the analysis controller's first write.
  it('creates a run already Running, in the pass that creates it, before the rollout moves on', async () => {
    const bench = new Bench([{ setWeight: 10 }, { pause: {} }], { analysis: 'success-rate', template: successRate });
    await bench.settle();
    bench.setImage('app:2');
    for (let n = 0; n < 20 && bench.ports.objects.list('AnalysisRun').length === 0; n++) await bench.pass();
    const [run] = bench.ports.objects.list('AnalysisRun');
    assert.ok(run && run.kind === 'AnalysisRun');
    assert.deepEqual(run.status, {
      phase: 'Running',
      startedAt: new Date(bench.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    assert.ok(
      bench.ports.log.some((write) => /AnalysisRun\/.*: created in Running/.test(write)),
      bench.ports.log.join('\n'),
    );
  });

  it('creates a run whose templates cannot be merged already in phase Error, and the rollout aborts on it', async () => {
    const empty: AnalysisTemplate = {
      ...successRate,
      metadata: { name: 'empty', namespace: 'default' },
      spec: { metrics: [] },
    };
    const bench = new Bench(
      [{ setWeight: 10 }, { analysis: { templates: [{ templateName: 'empty' }] } }, { pause: {} }],
      { template: empty },
    );
    await bench.settle();
    bench.setImage('app:2');
    await bench.settle();
    const [run] = bench.ports.objects.list('AnalysisRun');
    assert.ok(run && run.kind === 'AnalysisRun');
    assert.equal(run.status?.phase, 'Error');
    assert.match(run.status?.message ?? '', /define no metrics/);
    assert.ok(bench.ports.log.some((write) => /AnalysisRun\/.*: created in Error/.test(write)));
    assert.equal(bench.rollout.status?.abort, true);
    assert.equal(bench.ports.router.inPlace?.canaryWeight, 0);
  });

  it('stops at an action that fails, says which, and writes no status', async () => {
    const bench = new Bench([{ setWeight: 20 }, { pause: {} }]);
    bench.ports.writer = { ...bench.ports.writer, setServiceSelector: async () => false };
    // As Argo, the first pass only creates the new ReplicaSet and records the update; the Services come next.
    let { outcome, writes } = await bench.pass();
    if (outcome.kind === 'done') ({ outcome, writes } = await bench.pass());
    assert.equal(outcome.kind, 'actionFailed');
    assert.ok(outcome.kind === 'actionFailed');
    assert.equal(outcome.action.type, 'setServiceSelector');
    assert.match(outcome.error.message, /Service default\/app-(stable|canary) not found: cannot point it at revision/);
    assert.ok(!writes.some((write) => write.startsWith('Rollout/app: status')), writes.join('\n'));
  });

  it('reports a refused status write as a conflict, its events already recorded (as Argo, which records them before its status patch)', async () => {
    const bench = new Bench([{ setWeight: 20 }, { pause: {} }]);
    bench.ports.writer = { ...bench.ports.writer, writeRolloutStatus: async () => 'conflict' };
    const { outcome } = await bench.pass();
    assert.equal(outcome.kind, 'conflict');
    assert.ok(outcome.kind === 'conflict');
    assert.deepEqual(
      bench.ports.events.list.map((event) => event.reason),
      ['RolloutAddedToInformer', ...outcome.plan.decision.events.map((event) => event.reason)],
    );
  });

  // A reader that sees a pass's status must be able to list its events (Argo's e2e suite reads the
  // events once the status shows the phase it waits for).
  it("records a pass's events, and waits until the sink has written them, before it writes the status", async () => {
    const bench = new Bench([{ setWeight: 20 }, { pause: {} }]);
    await bench.settle();
    const { list } = bench.ports.events;
    // A sink that writes elsewhere: each event is written a turn of the event loop later.
    bench.ports.events = {
      list,
      record: (_rollout, event) =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            list.push(event);
            bench.ports.log.push(`event: ${event.reason}`);
            resolve();
          }),
        ),
    };
    bench.setImage('app:2');
    let checked = 0;
    for (let n = 0; n < 20; n++) {
      const { outcome, writes } = await bench.pass();
      assert.equal(outcome.kind, 'done', writes.join('\n'));
      assert.ok(outcome.kind === 'done');
      const status = writes.findIndex((write) => write.startsWith('Rollout/app: status'));
      const events = outcome.plan.decision.events.map((event) => `event: ${event.reason}`);
      assert.deepEqual(
        writes.filter((write) => write.startsWith('event:')),
        events,
        `pass ${n}: the pass's own events, in its own writes`,
      );
      if (status >= 0 && events.length > 0) {
        assert.deepEqual(
          writes.slice(status - events.length, status),
          events,
          `pass ${n}: events right before the status:\n${writes.join('\n')}`,
        );
        checked++;
      }
      if (outcome.plan.decision.actions.length === 0 && !outcome.statusChanged) break;
    }
    assert.ok(checked >= 3, `passes with events before their status: ${checked}`);
    assert.equal(bench.rollout.status?.phase, 'Paused');
    assert.ok(list.some((event) => event.reason === 'RolloutPaused'));
  });

  // Argo's e2e lists (FunctionalSuite.TestRolloutAbortRetryPromote, TestBlueGreenUpdate) start with
  // RolloutAddedToInformer, recorded by the controller when the Rollout enters its cache.
  it("records RolloutAddedToInformer once, before the first decision's events, and again for a new memory (a restart)", async () => {
    const bench = new Bench([{ setWeight: 20 }, { pause: {} }]);
    await bench.settle();
    const list = bench.ports.events.list;
    assert.deepEqual(
      list.slice(0, 3).map((event) => event.reason),
      ['RolloutAddedToInformer', 'RolloutUpdated', 'NewReplicaSetCreated'],
    );
    assert.deepEqual(list[0], {
      type: 'Normal',
      reason: 'RolloutAddedToInformer',
      message: 'Rollout resource added to informer: default/app',
    });
    assert.equal(list.filter((event) => event.reason === 'RolloutAddedToInformer').length, 1);
    list.length = 0;
    await runRolloutPass(bench.rollout, {
      ports: bench.ports,
      memory: { appliedTraffic: undefined },
      now: bench.now,
      hints: HINTS,
    });
    assert.deepEqual(
      list.map((event) => event.reason),
      ['RolloutAddedToInformer'],
    );
  });

  it('stops before the next action when the driver says so', async () => {
    const bench = new Bench([{ setWeight: 20 }, { pause: {} }]);
    const outcome = await runRolloutPass(bench.rollout, {
      ports: bench.ports,
      memory: bench.memory,
      now: bench.now,
      hints: HINTS,
      proceed: () => false,
    });
    assert.equal(outcome.kind, 'stopped');
    assert.deepEqual(bench.ports.log, []);
  });

  it('reports a failure to observe without changing anything', async () => {
    const bench = new Bench([{ setWeight: 20 }, { pause: {} }]);
    bench.ports.workloads.observe = async () => {
      throw new Error('state directory unreadable');
    };
    const { outcome, writes } = await bench.pass();
    assert.equal(outcome.kind, 'observeFailed');
    assert.ok(outcome.kind === 'observeFailed');
    assert.equal(outcome.error.message, 'state directory unreadable');
    assert.deepEqual(writes, []);
  });

  it("names each missing object in the InvalidSpec condition with the runtime's hint", async () => {
    const bench = new Bench([{ setWeight: 20 }, { analysis: { templates: [{ templateName: 'nowhere' }] } }]);
    bench.ports.objects.delete('VirtualService', 'default', 'app-vs');
    await bench.pass();
    const condition = bench.rollout.status?.conditions?.find((candidate) => candidate.type === 'InvalidSpec');
    assert.match(condition?.message ?? '', /VirtualService "app-vs" not found in namespace "default"; create it/);
    assert.match(
      condition?.message ?? '',
      /steps\[1\]\.analysis\.templates\[0\]\.templateName: AnalysisTemplate "nowhere" not found in namespace "default"; create it/,
    );
    assert.deepEqual(bench.ports.workloads.replicaSets.size, 0, 'an invalid rollout is left as it is');
  });

  it('asks the router whether it verifies: a router that cannot is never asked and claims nothing', async () => {
    const desired = { stableHash: 'aaa', canaryHash: 'bbb', canaryWeight: 20, headerRoutes: [], mirrorRoutes: [] };
    const observe = async (bench: Bench, applied: typeof desired | undefined) =>
      (
        await observeRollout(bench.rollout, {
          reader: bench.ports.reader,
          workloads: bench.ports.workloads,
          router: bench.ports.router,
          appliedTraffic: applied,
          hints: HINTS,
        })
      ).traffic;

    const blind = new Bench([{ setWeight: 20 }, { pause: {} }], { canVerify: false });
    await blind.ports.router.apply(desired);
    assert.deepEqual(await observe(blind, desired), { applied: desired, verified: 'cannot-verify' });
    assert.deepEqual(await observe(blind, undefined), { applied: undefined, verified: 'cannot-verify' });
    assert.equal(blind.ports.router.verifyCalls, 0);

    const seeing = new Bench([{ setWeight: 20 }, { pause: {} }], { canVerify: true });
    assert.deepEqual(
      await observe(seeing, undefined),
      { applied: undefined, verified: false },
      'nothing applied yet: not verified',
    );
    await seeing.ports.router.apply(desired);
    assert.deepEqual(await observe(seeing, desired), { applied: desired, verified: true });
    assert.deepEqual(await observe(seeing, { ...desired, canaryWeight: 30 }), {
      applied: { ...desired, canaryWeight: 30 },
      verified: false,
    });
  });
});
