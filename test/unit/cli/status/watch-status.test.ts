// `sluice status --timeout` with a timeout longer than one Node timer takes (2^31-1 ms): it must
// wait for the rollout, not give up after 1 ms as an overflowing timer would.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { Rollout } from '../../../../src/api/types/rollout.ts';
import { watchStatus } from '../../../../src/cli/status/command.ts';

function rolloutIn(phase: 'Progressing' | 'Healthy'): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'colorapi', namespace: 'default' },
    spec: {},
    status: { phase, message: '' },
  } as Rollout;
}

describe('watchStatus', () => {
  it('with --timeout 720h, waits for the rollout to become Healthy', async () => {
    const lines: string[] = [];
    const code = await watchStatus(
      { name: 'colorapi', namespace: 'default', timeoutMs: 720 * 60 * 60 * 1000, timeoutText: '720h' },
      async (onChange, signal) => {
        onChange(rolloutIn('Progressing'));
        // Well past the 1 ms after which an overflowing timer gives up.
        await delay(100);
        if (signal.aborted) return;
        onChange(rolloutIn('Healthy'));
      },
      (line) => lines.push(line),
    );
    assert.equal(code, 0, `lines: ${lines.join(' | ')}`);
    assert.equal(lines.length, 2);
  });

  it('still times out after a short timeout', async () => {
    const code = await watchStatus(
      { name: 'colorapi', namespace: 'default', timeoutMs: 20, timeoutText: '20ms' },
      async (onChange, signal) => {
        onChange(rolloutIn('Progressing'));
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      },
      () => undefined,
    );
    assert.equal(code, 1);
  });
});
