// The controller's metrics and health servers on a port another socket holds: the error names the
// server, the address and the flag that picks another port.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { ListenError } from '../../../../src/platform/listen.ts';
import { startHealthServer } from '../../../../src/runtime/kubernetes/health/health-server.ts';
import { createControllerMetrics } from '../../../../src/runtime/kubernetes/metrics/controller-metrics.ts';

describe('the controller servers on a port in use', () => {
  const holder = net.createServer();
  after(() => holder.close());
  const occupied = async () => {
    if (!holder.listening) await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    return (holder.address() as net.AddressInfo).port;
  };

  it('the metrics server names --metrics-port', async () => {
    const port = await occupied();
    await assert.rejects(createControllerMetrics().serve(port, '127.0.0.1'), (error: unknown) => {
      assert.ok(error instanceof ListenError);
      assert.equal(error.message, `the metrics server cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --metrics-port (0 turns it off)`);
      return true;
    });
  });

  it('the health server names --health-port', async () => {
    const port = await occupied();
    await assert.rejects(startHealthServer({ port, host: '127.0.0.1' }), (error: unknown) => {
      assert.ok(error instanceof ListenError);
      assert.equal(error.message, `the health server cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --health-port`);
      return true;
    });
  });
});
