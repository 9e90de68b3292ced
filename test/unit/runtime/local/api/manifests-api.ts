// The local API on loopback with a real store and the runtime's ConfigMaps and Secrets wired as
// `sluice run` wires them, for tests of `POST /api/v1/create` and `/apply`. Call inside a
// describe(): the server starts before its tests and closes after them.
import { after, before } from 'node:test';
import { startApiServer, type ApiServer } from '../../../../../src/runtime/local/api/server.ts';
import { ConfigObjects } from '../../../../../src/runtime/local/config/config-objects.ts';
import { EventLog } from '../../../../../src/runtime/local/controller/event-log.ts';
import { RolloutController } from '../../../../../src/runtime/local/controller/rollout-controller.ts';
import type { PodEnvironment } from '../../../../../src/runtime/local/pods/pod-environment.ts';
import { ObjectStore } from '../../../../../src/runtime/local/store/object-store.ts';

const TOKEN = 'secret-token';

export interface ManifestsApi {
  store: ObjectStore;
  config: ConfigObjects;
  /** Posts the texts as one file's documents; the answer's status and JSON body. */
  post<Body>(verb: 'create' | 'apply', file: string, ...texts: string[]): Promise<{ status: number; body: Body }>;
}

export function manifestsApi(): ManifestsApi {
  let server: ApiServer | undefined;
  const store = new ObjectStore();
  const config = new ConfigObjects();
  const events = new EventLog();
  // Creating and applying manifests starts no pod here, so the controller needs no environment.
  const controller = new RolloutController({ store, events, environment: undefined as unknown as PodEnvironment });
  before(async () => {
    server = await startApiServer({
      store,
      controller,
      events,
      token: TOKEN,
      onManifests: (sources, verb) => (verb === 'create' ? config.createFrom(sources) : config.applyFrom(sources)),
      existingOutsideStore: (sources) => config.existing(sources),
    });
  });
  after(async () => {
    await server?.close();
  });
  return {
    store,
    config,
    async post<Body>(verb: 'create' | 'apply', file: string, ...texts: string[]) {
      const response = await fetch(`${server?.url}/api/v1/${verb}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ sources: [{ file, text: texts.join('---\n') }] }),
      });
      return { status: response.status, body: (await response.json()) as Body };
    },
  };
}
