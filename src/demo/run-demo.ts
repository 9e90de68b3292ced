// `sluice demo`: the colorapi scenario end to end on the local runtime, in this process. 1.0 (red)
// is deployed; 2.0 (blue) goes through the canary steps and is promoted; 3.0 (black, status nok)
// is aborted by the background analysis and traffic returns to 2.0. A load generator sends steady
// traffic through the gateway the whole time. The demo checks each outcome, so it doubles as a
// smoke test: it resolves to exit code 0 only when the scenario unfolded as expected.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LiveWriter } from '../cli/render/live.ts';
import { RuntimeClient } from '../runtime/local/api/client.ts';
import { freeLoopbackPort } from '../platform/free-port.ts';
import { ListenError } from '../platform/listen.ts';
import { startLocalRuntime, type LocalRuntime } from '../runtime/local/run.ts';
import { demoFrame } from './frame.ts';
import { LoadGenerator } from './load.ts';
import { InterruptedError, RolloutWatcher, ScenarioError, type Observation } from './rollout-watcher.ts';
import { changesBetween } from './scenario-events.ts';
import {
  CANARY_HEADER,
  CONTAINER,
  FAST_TIMING,
  HOST,
  imageOf,
  NAMESPACE,
  NORMAL_TIMING,
  ROLLOUT,
  scenarioManifests,
} from './scenario-manifests.ts';
import { seconds, summaryText, type Check } from './summary.ts';
import { sharesText, TrafficTally } from './traffic-tally.ts';
import { parseGoDuration } from '../api/duration.ts';

export interface DemoOptions {
  fast: boolean;
  /** Redraw a live view (a terminal) instead of printing one line per event. */
  live: boolean;
  color: boolean;
  gatewayPort?: number;
  ratePerSecond?: number;
  /** Share of requests sent with x-canary: true (0..1). */
  headerShare?: number;
  write: (text: string) => void;
  liveWriter?: LiveWriter;
  terminal?: { columns?: number; rows?: number };
  /** Aborted on Ctrl-C: the demo stops the load and the runtime, then resolves with 130. */
  signal: AbortSignal;
  /** Default: a new temporary directory, removed at the end unless the scenario failed. */
  stateDir?: string;
}

const WINDOW_MS = 2000;
const RECENT_EVENTS = 5;

export async function runDemo(options: DemoOptions): Promise<number> {
  const startedAt = Date.now();
  const timing = options.fast ? FAST_TIMING : NORMAL_TIMING;
  const rate = options.ratePerSecond ?? 150;
  const headerShare = options.headerShare ?? 0.05;
  const stateDir = options.stateDir ?? mkdtempSync(path.join(os.tmpdir(), 'sluice-demo-'));
  const tally = new TrafficTally();
  const checks: Check[] = [];
  const recentEvents: string[] = [];
  let phase = 'starting the local runtime';
  let segmentKey = '';
  let runtime: LocalRuntime | undefined;
  let load: LoadGenerator | undefined;
  let watcher: RolloutWatcher | undefined;
  let refreshTimer: NodeJS.Timeout | undefined;

  const elapsed = () => `[${seconds(Date.now() - startedAt).padStart(6)}]`;
  const emit = (text: string) => {
    if (options.live) {
      recentEvents.push(`${elapsed()} ${text}`);
      if (recentEvents.length > RECENT_EVENTS) recentEvents.shift();
      refresh();
    } else options.write(`${elapsed()} ${text}\n`);
  };
  const refresh = () => {
    if (!options.live || !options.liveWriter) return;
    const now = Date.now();
    const latest = watcher?.latest;
    const frame = demoFrame({
      now,
      startedAt,
      phase,
      ...(latest ? { snapshot: latest.snapshot, detail: latest.detail } : {}),
      recent: tally.window(now, WINDOW_MS),
      windowMs: WINDOW_MS,
      totalRequests: tally.total,
      failedRequests: tally.failed,
      color: options.color,
      ...(options.terminal?.columns ? { width: options.terminal.columns } : {}),
      ...(options.terminal?.rows ? { rows: options.terminal.rows - recentEvents.length - 1 } : {}),
    });
    options.liveWriter.offer(`${frame}\n${recentEvents.join('\n')}`);
  };
  const startSegment = (label: string) => {
    const now = Date.now();
    const ending = tally.segments.at(-1);
    if (ending && !options.live && ending.plain.total + ending.header.total > 0) {
      const header = ending.header.total > 0 ? `; x-canary: ${sharesText(ending.header)} (${ending.header.total})` : '';
      options.write(
        `${elapsed()}   traffic during "${ending.label}" (${seconds(now - ending.from)}): ${sharesText(ending.plain)} (${ending.plain.total} requests${ending.plain.failed + ending.header.failed > 0 ? `, ${ending.plain.failed + ending.header.failed} failed` : ''})${header}\n`,
      );
    }
    tally.startSegment(label, now);
  };
  const setPhase = (next: string) => {
    phase = next;
    emit(`== ${next}`);
    segmentKey = '';
    onObservation(watcher?.latest);
  };
  const onObservation = (observation: Observation | undefined, previous?: Observation) => {
    if (!observation) return;
    const { snapshot } = observation;
    if (previous) for (const line of changesBetween(previous.snapshot, snapshot)) emit(line);
    const key = `${phase}|${snapshot.stepIndex}|${snapshot.canaryWeight}|${snapshot.phase === 'Degraded'}`;
    if (key !== segmentKey) {
      segmentKey = key;
      const step =
        snapshot.phase === 'Degraded'
          ? ', aborted'
          : snapshot.stepIndex !== undefined && snapshot.stepIndex < snapshot.stepCount
            ? `, step ${snapshot.stepIndex + 1}/${snapshot.stepCount} ${snapshot.step ?? ''}`
            : '';
      startSegment(`${phase}${step}, canary ${snapshot.canaryWeight}%`);
    }
    refresh();
  };

  const { signal } = options;
  const wait = (
    what: string,
    check: (o: Observation) => boolean,
    timeoutMs: number,
    failIf?: (o: Observation) => string | undefined,
  ) => {
    if (!watcher) throw new ScenarioError('the rollout is not watched');
    return watcher.waitFor(what, check, { timeoutMs, signal, ...(failIf ? { failIf } : {}) });
  };
  const answersOnly = (color: string, minimum: number) => () => {
    const recent = tally.window(Date.now(), 1000).plain;
    return (
      recent.total >= minimum && recent.failed === 0 && Object.keys(recent.byColor).every((name) => name === color)
    );
  };
  const stepsTimeoutMs = 2 * parseGoDuration(timing.pause) + 120_000;

  let outcome: 'ok' | 'failed' | 'interrupted' = 'ok';
  try {
    if (options.live) refreshTimer = setInterval(refresh, 200);
    const gatewayPort = options.gatewayPort ?? (await freeLoopbackPort());
    const runtimeLog = createWriteStream(path.join(stateDir, 'runtime.log'), { flags: 'a' });
    runtime = await startLocalRuntime({
      stateDir,
      sources: scenarioManifests({ timing, meshAddress: `127.0.0.1:${gatewayPort}` }),
      gatewayPort,
      gatewayPortHint: 'choose another with --port',
      log: (line) => runtimeLog.write(`${line}\n`),
    });
    const client = new RuntimeClient(runtime.apiUrl, runtime.token);
    emit(`local runtime: gateway ${runtime.gatewayUrl} (Host: ${HOST}), API ${runtime.apiUrl}, state ${stateDir}/`);
    watcher = new RolloutWatcher(client, NAMESPACE, ROLLOUT, onObservation);
    watcher.start();
    // Observe each change of the rollout, its ReplicaSets, routes and runs as it happens.
    runtime.store.subscribe(() => watcher?.nudge());

    setPhase('deploy 1.0 (red)');
    await wait(
      '1.0 to be Healthy with 5 pods available',
      (o) =>
        o.snapshot.phase === 'Healthy' &&
        o.snapshot.stableVersion === '1.0' &&
        (o.detail.rollout.status?.availableReplicas ?? 0) >= 5,
      60_000,
    );
    load = new LoadGenerator({
      port: gatewayPort,
      host: HOST,
      ratePerSecond: rate,
      headerShare,
      header: { name: CANARY_HEADER, value: 'true' },
      onSample: (sample) => tally.add(sample),
    });
    load.start();
    emit(
      `load: ${rate} requests/s to the gateway with Host: ${HOST}, ${Math.round(headerShare * 100)}% of them with ${CANARY_HEADER}: true`,
    );
    await wait('the first answers', answersOnly('red', Math.ceil(rate / 2)), 30_000);

    setPhase('1.0 -> 2.0 (red -> blue)');
    await client.post(`/api/v1/rollouts/${NAMESPACE}/${ROLLOUT}/set-image`, {
      container: CONTAINER,
      image: imageOf('2.0'),
    });
    emit(
      `set image ${CONTAINER}=${imageOf('2.0')} through the local API; the steps go on by themselves (pauses of ${timing.pause})`,
    );
    await wait(
      '2.0 to be promoted (Healthy on 2.0)',
      (o) => o.snapshot.phase === 'Healthy' && o.snapshot.stableVersion === '2.0' && !o.snapshot.canaryVersion,
      stepsTimeoutMs,
      (o) =>
        o.snapshot.phase === 'Degraded' ? `2.0 was aborted instead of promoted: ${o.snapshot.message}` : undefined,
    );
    await wait('every answer to be blue', answersOnly('blue', Math.ceil(rate / 2)), 30_000);
    checks.push({ ok: true, text: '1.0 -> 2.0 promoted: Healthy on 2.0, every answer blue' });

    setPhase('2.0 -> 3.0 (blue -> black, status nok)');
    await client.post(`/api/v1/rollouts/${NAMESPACE}/${ROLLOUT}/set-image`, {
      container: CONTAINER,
      image: imageOf('3.0'),
    });
    emit(
      `set image ${CONTAINER}=${imageOf('3.0')} through the local API; the analysis checks the canary every ${timing.analysisInterval}`,
    );
    const aborted = await wait(
      'the analysis to abort 3.0',
      (o) => o.snapshot.phase === 'Degraded' && o.snapshot.aborted,
      stepsTimeoutMs,
      (o) =>
        o.snapshot.stableVersion === '3.0'
          ? '3.0 was promoted although its status is "nok"'
          : o.snapshot.phase === 'Healthy' &&
              !o.snapshot.canaryVersion &&
              o.detail.rollout.status?.currentPodHash === o.detail.rollout.status?.stableRS &&
              o.snapshot.stableVersion !== '2.0'
            ? 'the rollout became Healthy without 2.0 as stable'
            : undefined,
    );
    const analysisFailed =
      aborted.snapshot.analysis?.phase === 'Failed' &&
      /Metric "webcheck" assessed Failed/.test(aborted.snapshot.message);
    checks.push({
      ok: analysisFailed,
      text: `2.0 -> 3.0 aborted by the analysis: Degraded, "${aborted.snapshot.message}"`,
    });
    checks.push({
      ok: aborted.snapshot.stableVersion === '2.0',
      text: `stable stays on ${aborted.snapshot.stableVersion ?? 'no version'} (expected 2.0)`,
    });
    await wait(
      'traffic back on 2.0 (every answer blue)',
      (o) => o.snapshot.canaryWeight === 0 && answersOnly('blue', Math.ceil(rate / 2))(),
      30_000,
    );
    checks.push({ ok: true, text: 'traffic back on 2.0: canary weight 0, every answer blue' });
  } catch (error) {
    if (error instanceof InterruptedError || signal.aborted) outcome = 'interrupted';
    else {
      outcome = 'failed';
      checks.push({
        ok: false,
        text:
          error instanceof ScenarioError || error instanceof ListenError
            ? error.message
            : `the demo failed: ${(error as Error).stack ?? String(error)}`,
      });
    }
  } finally {
    clearInterval(refreshTimer);
    await load?.stop();
    watcher?.stop();
    if (load)
      checks.push({
        ok: tally.failed === 0,
        text: `${tally.failed} failed requests of ${tally.total.toLocaleString('en-US')}`,
      });
    if (options.live) {
      refresh();
      options.liveWriter?.close();
    } else startSegment('end');
    if (runtime) {
      if (!options.live) options.write(`${elapsed()} stopping the pods and the proxy...\n`);
      await runtime.stop();
    }
  }
  if (outcome === 'interrupted') {
    options.write(`interrupted: the load, the pods and the proxy are stopped\n`);
    if (!options.stateDir) rmSync(stateDir, { recursive: true, force: true });
    return 130;
  }
  const ok = outcome === 'ok' && checks.every((check) => check.ok);
  options.write(
    summaryText({
      durationMs: Date.now() - startedAt,
      totalRequests: tally.total,
      failedRequests: tally.failed,
      firstFailures: tally.firstFailures,
      segments: tally.segments.filter((s) => s.label !== 'end'),
      checks,
      now: Date.now(),
    }),
  );
  if (ok && !options.stateDir) rmSync(stateDir, { recursive: true, force: true });
  if (!ok)
    options.write(
      `the scenario did not unfold as expected; the runtime's log and the pods' output are in ${stateDir}/\n`,
    );
  return ok ? 0 : 1;
}
