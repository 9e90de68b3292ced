// The controller's metrics and health servers on a port another socket holds: the error names the
// server, the address and the flag that picks another port.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ListenError } from '../../../../src/platform/listen.ts';
import { startHealthServer } from '../../../../src/runtime/kubernetes/health/health-server.ts';
import { createControllerMetrics } from '../../../../src/runtime/kubernetes/metrics/controller-metrics.ts';
import { occupiedPort, type HeldPort } from '../../../support/ports.ts';

describe('the controller servers on a port in use', () => {
  let held: Promise<HeldPort> | undefined;
  after(async () => (await held)?.close());
  const occupied = async () => (await (held ??= occupiedPort())).port;

  it('the metrics server names --metrics-port', async () => {
    const port = await occupied();
    await assert.rejects(createControllerMetrics().serve(port, '127.0.0.1'), (error: unknown) => {
      assert.ok(error instanceof ListenError);
      assert.equal(
        error.message,
        `the metrics server cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --metrics-port (0 turns it off)`,
      );
      return true;
    });
  });

  it('the health server names --health-port', async () => {
    const port = await occupied();
    await assert.rejects(startHealthServer({ port, host: '127.0.0.1' }), (error: unknown) => {
      assert.ok(error instanceof ListenError);
      assert.equal(
        error.message,
        `the health server cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --health-port`,
      );
      return true;
    });
  });
});
