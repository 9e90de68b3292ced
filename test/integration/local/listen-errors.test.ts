// The local runtime's servers on a port another socket holds: the error names the server, the
// address and the flag that picks another port (the demo's own flag for its gateway).
import assert from 'node:assert/strict';
import process from 'node:process';
import { after, describe, it } from 'node:test';
import { ListenError } from '../../../src/platform/listen.ts';
import { startApiServer } from '../../../src/runtime/local/api/server.ts';
import { EventLog } from '../../../src/runtime/local/controller/event-log.ts';
import { RolloutController } from '../../../src/runtime/local/controller/rollout-controller.ts';
import { LocalMesh } from '../../../src/runtime/local/mesh/local-mesh.ts';
import type { PodEnvironment } from '../../../src/runtime/local/pods/pod-environment.ts';
import { ManualEndpointSource } from '../../../src/runtime/local/services/endpoint-source.ts';
import { ObjectStore } from '../../../src/runtime/local/store/object-store.ts';
import { occupiedPort, type HeldPort } from '../../support/ports.ts';

describe('the local servers on a port in use', () => {
  let held: Promise<HeldPort> | undefined;
  after(async () => (await held)?.close());
  const occupied = async () => (await (held ??= occupiedPort())).port;
  const refusedWith = (message: string) => (error: unknown) => {
    assert.ok(error instanceof ListenError, String(error));
    assert.equal(error.message, message);
    return true;
  };

  it('the local API server names --api-port', async () => {
    const port = await occupied();
    const store = new ObjectStore();
    const events = new EventLog();
    // The servers fail to listen before any pod would need an environment.
    const controller = new RolloutController({ store, events, environment: undefined as unknown as PodEnvironment });
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const timersBefore = timers();
    await assert.rejects(
      startApiServer({ store, controller, events, token: 't', port }),
      refusedWith(
        `the local API server cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --api-port`,
      ),
    );
    assert.equal(
      timers(),
      timersBefore,
      'a failed start leaves no timer (the watch heartbeat) keeping the process alive',
    );
  });

  it('the mesh gateway names --gateway-port, or the flag its caller gives', async () => {
    const port = await occupied();
    await assert.rejects(
      LocalMesh.start({ endpoints: new ManualEndpointSource(), gatewayPort: port }),
      refusedWith(
        `the mesh gateway cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --gateway-port`,
      ),
    );
    await assert.rejects(
      LocalMesh.start({
        endpoints: new ManualEndpointSource(),
        gatewayPort: port,
        gatewayPortHint: 'choose another with --port',
      }),
      refusedWith(
        `the mesh gateway cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --port`,
      ),
    );
  });
});
