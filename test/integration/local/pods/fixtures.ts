// Pods for the local-runtime tests: small node programs given as container commands.
import process from 'node:process';
import type { TestContext } from 'node:test';
import type { Container, PodSpec } from '../../../../src/api/types/pod.ts';
import { LocalPod } from '../../../../src/runtime/local/pods/local-pod.ts';
import { podEnvironment, type PodEnvironment } from '../../../../src/runtime/local/pods/pod-environment.ts';
import { eventually } from './wait.ts';

/** Restarts come fast in tests: 50ms, 100ms, 200ms ... */
export function testEnvironment(overrides: Partial<PodEnvironment> = {}): PodEnvironment {
  return podEnvironment({ backoff: { baseMs: 50, maxMs: 400, resetAfterMs: 60_000 }, drainTimeoutMs: 0, ...overrides });
}

export function nodeContainer(name: string, script: string, extra: Partial<Container> = {}): Container {
  return { name, command: [process.execPath, '-e', script], ...extra };
}

/** An HTTP server on $PORT answering 200 on every path. */
export const HTTP_SERVER = `require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')`;

let counter = 0;
export function newPod(
  spec: PodSpec,
  environment: PodEnvironment,
  labels: Record<string, string> = { app: 'test' },
): LocalPod {
  counter++;
  return new LocalPod(
    { name: `pod-${process.pid}-${counter}`, namespace: 'default', labels, annotations: {} },
    { terminationGracePeriodSeconds: 5, ...spec },
    environment,
  );
}

/** Starts `pod`, to be stopped after test `t`, and waits up to `timeoutMs` for it to be ready. */
export async function startUntilReady(
  t: TestContext,
  pod: LocalPod,
  timeoutMs: number,
  what = 'the pod to be ready',
): Promise<void> {
  t.after(() => pod.stop());
  await pod.start();
  await eventually(what, () => (pod.ready ? true : undefined), timeoutMs);
}
