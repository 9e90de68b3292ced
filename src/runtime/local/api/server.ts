// The local runtime's HTTP API, on 127.0.0.1 only, for the CLI and the dashboard. Reads are open to
// local processes; every mutation needs `Authorization: Bearer <token>` (the token in the state
// directory, readable only by the user who started the runtime).
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { listen } from '../../../platform/listen.ts';
import type { ManifestSource } from '../../../api/load-manifests.ts';
import { applyManifests, deleteManifests } from '../store/apply-manifests.ts';
import { notificationSkipWarning } from '../notifications/local-settings.ts';
import { configSkipWarning } from '../config/config-objects.ts';
import { createAnalysisRun, terminateAnalysisRun } from './analysis-run-actions.ts';
import { experimentAt, retryExperiment, terminateExperiment } from './experiment-actions.ts';
import { HttpError } from './http-error.ts';
import { createManifests } from './create-objects.ts';
import {
  applyControlPatch,
  controlPatch,
  ControlError,
  isControlAction,
  type ControlParameters,
} from './control-actions.ts';
import { allRolloutDetails, experimentDetail, rolloutDetail, type DetailSources } from './rollout-details.ts';
import { WatchHub } from './watch.ts';
import { deploymentAt, deploymentDetail, type DeploymentSource } from './deployment-details.ts';
import { rolloutKey } from '../controller/rollout-controller.ts';

export interface ApiServerOptions extends DetailSources {
  token: string;
  /** Hears the manifests of every accepted apply, create and delete (the notification settings read theirs). */
  /** Takes what the store does not hold (ConfigMaps, Secrets, notification settings); returns a result line for each object taken. */
  onManifests?: (sources: readonly ManifestSource[], verb: 'apply' | 'create' | 'delete') => string[] | void;
  /** Of the objects of the sources the store does not hold, those that exist (`ConfigMap shop/settings`): create refuses them. */
  existingOutsideStore?: (sources: readonly ManifestSource[]) => string[];
  /** The notification ConfigMap's and Secret's data applied to the runtime (the Secret decoded). */
  notificationSettings?: () => { configMap?: Record<string, string>; secret?: Record<string, string> };
  /** The local Deployments' ReplicaSets and pods (GET /api/v1/deployments/NS/NAME/detail). */
  deployments?: DeploymentSource;
  port?: number;
  host?: string;
}

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  const hub = new WatchHub(options);
  let port = 0;

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    checkHost(request.headers.host, port);
    const url = new URL(request.url ?? '/', `http://${host}`);
    const parts = url.pathname.split('/').filter(Boolean).map(decodePathPart);
    if (parts[0] !== 'api' || parts[1] !== 'v1')
      throw new HttpError(404, `no such endpoint: ${url.pathname}; the API is under /api/v1/`);
    const [resource, namespace, name, action] = parts.slice(2);
    if (request.method === 'GET') {
      if (resource === 'rollouts' && namespace === undefined)
        return json(response, 200, { items: await allRolloutDetails(options) });
      if (resource === 'rollouts' && namespace && name && action === undefined) {
        const detail = await rolloutDetail(options, namespace, name);
        if (!detail) throw new HttpError(404, `rollout ${namespace}/${name} not found`);
        return json(response, 200, detail);
      }
      if (resource === 'rollouts' && namespace && name && action === 'events') {
        if (!options.store.get('Rollout', namespace, name))
          throw new HttpError(404, `rollout ${namespace}/${name} not found`);
        return json(response, 200, { items: options.events.list(rolloutKey(namespace, name)) });
      }
      if (resource === 'analysisruns' && namespace && name) {
        const run = options.store.get('AnalysisRun', namespace, name);
        if (!run) throw new HttpError(404, `analysisrun ${namespace}/${name} not found`);
        return json(response, 200, run);
      }
      if (resource === 'analysistemplates' && namespace && name && action === undefined) {
        const template = options.store.get('AnalysisTemplate', namespace, name);
        if (!template) throw new HttpError(404, `analysistemplate ${namespace}/${name} not found`);
        return json(response, 200, template);
      }
      if (resource === 'clusteranalysistemplates' && namespace && name === undefined) {
        const template = options.store.get('ClusterAnalysisTemplate', '', namespace);
        if (!template) throw new HttpError(404, `clusteranalysistemplate ${namespace} not found`);
        return json(response, 200, template);
      }
      if (resource === 'experiments' && name === undefined)
        return json(response, 200, { items: options.store.list('Experiment', namespace) });
      if (resource === 'experiments' && namespace && name && action === undefined)
        return json(response, 200, experimentAt(options.store, namespace, name));
      if (resource === 'experiments' && namespace && name && action === 'detail')
        return json(response, 200, await experimentDetail(options, experimentAt(options.store, namespace, name)));
      if (resource === 'experiments' && namespace && name && action === 'events') {
        experimentAt(options.store, namespace, name);
        return json(response, 200, { items: options.experiments?.eventsOf(namespace, name) ?? [] });
      }
      if (resource === 'deployments' && name === undefined)
        return json(response, 200, { items: options.store.list('Deployment', namespace) });
      if (resource === 'deployments' && namespace && name && action === undefined)
        return json(response, 200, deploymentAt(options.store, namespace, name));
      if (resource === 'deployments' && namespace && name && action === 'detail')
        return json(response, 200, deploymentDetail(options.store, options.deployments, namespace, name));
      if (resource === 'watch' && namespace === undefined) return hub.attach(response);
      if (resource === 'notificationsettings' && namespace === undefined) {
        // The Secret's values are secrets: only the runtime's user reads them.
        authorize(request.headers.authorization, options.token);
        const settings = options.notificationSettings?.() ?? {};
        return json(response, 200, { configMap: settings.configMap ?? null, secret: settings.secret ?? null });
      }
      throw new HttpError(404, `no such endpoint: GET ${url.pathname}`);
    }
    if (request.method !== 'POST') throw new HttpError(405, `${request.method} is not allowed; use GET or POST`);
    authorize(request.headers.authorization, options.token);
    const body = await readJson(request);
    if ((resource === 'apply' || resource === 'delete') && namespace === undefined) {
      const sources = sourcesOf(body);
      const outcome =
        resource === 'apply' ? applyManifests(options.store, sources) : deleteManifests(options.store, sources);
      if (!outcome.ok)
        return json(response, 422, { error: 'the manifests are invalid: nothing was changed', issues: outcome.issues });
      const taken = options.onManifests?.(sources, resource) ?? [];
      const readHere = notificationSkipWarning(sources);
      const readByPods = configSkipWarning(sources);
      return json(response, 200, {
        results: [...outcome.results, ...taken],
        warnings: outcome.warnings.filter((w) => !readHere(w) && !readByPods(w)),
      });
    }
    if (resource === 'create' && namespace === undefined) {
      const sources = sourcesOf(body);
      const outcome = createManifests(options.store, sources, options.existingOutsideStore?.(sources) ?? []);
      if (!outcome.ok && 'exists' in outcome)
        return json(response, 409, { error: `${outcome.exists.join('; ')}: nothing was created` });
      if (!outcome.ok)
        return json(response, 422, { error: 'the manifests are invalid: nothing was created', issues: outcome.issues });
      const taken = options.onManifests?.(sources, 'create') ?? [];
      const readHere = notificationSkipWarning(sources);
      const readByPods = configSkipWarning(sources);
      return json(response, 201, {
        results: [...outcome.results, ...taken],
        warnings: outcome.warnings.filter((w) => !readHere(w) && !readByPods(w)),
      });
    }
    if (resource === 'analysisruns' && namespace && (name === undefined || action === 'terminate')) {
      const run =
        name === undefined
          ? createAnalysisRun(options.store, namespace, body)
          : terminateAnalysisRun(options.store, namespace, name);
      return json(response, name === undefined ? 201 : 200, { analysisRun: run });
    }
    if (resource === 'experiments' && namespace && name && (action === 'terminate' || action === 'retry')) {
      const experiment =
        action === 'terminate'
          ? terminateExperiment(options.store, namespace, name)
          : retryExperiment(options.store, namespace, name);
      return json(response, 200, { experiment });
    }
    if (resource === 'rollouts' && namespace && name && action && isControlAction(action)) {
      const rollout = options.store.get('Rollout', namespace, name);
      if (!rollout) throw new HttpError(404, `rollout ${namespace}/${name} not found`);
      const replicaSets = (await options.controller.workloadsOf(namespace, name)?.observe()) ?? [];
      try {
        const patch = controlPatch(action, rollout, replicaSets, parametersOf(url, body), Date.now());
        const updated = applyControlPatch(options.store, namespace, name, patch);
        return json(response, 200, { rollout: updated, patch });
      } catch (error) {
        if (error instanceof ControlError) throw new HttpError(409, error.message);
        throw error;
      }
    }
    throw new HttpError(404, `no such endpoint: POST ${url.pathname}`);
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const body = error instanceof HttpError ? error.body : {};
      if (!response.headersSent) json(response, status, { error: (error as Error).message, ...body });
      else response.end();
    });
  });
  try {
    await listen(server, {
      what: 'the local API server',
      host,
      port: options.port ?? 0,
      portHint: 'choose another with --api-port',
    });
  } catch (error) {
    // The watch hub's heartbeat would otherwise keep the process alive after the failed start.
    hub.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(
      400,
      `the path part "${part}" is not valid percent-encoding (%XX with XX the hex code of a UTF-8 byte)`,
    );
  }
}

/** Only loopback names: a web page elsewhere cannot reach the API through DNS rebinding. */
function checkHost(hostHeader: string | undefined, port: number): void {
  const allowed = ['127.0.0.1', 'localhost', '[::1]'].map((name) => `${name}:${port}`);
  if (!hostHeader || !allowed.includes(hostHeader))
    throw new HttpError(403, `the local API answers only to Host 127.0.0.1:${port} or localhost:${port}`);
}

function authorize(header: string | undefined, token: string): void {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  const expected = Buffer.from(token);
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    throw new HttpError(
      401,
      'this call changes the runtime and needs "Authorization: Bearer <token>", with the runtime token (the sluice CLI finds it from the state directory; sluice run prints where it is)',
    );
  }
}

async function readJson(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `the request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'the request body must be a JSON object');
  }
}

function sourcesOf(body: Record<string, unknown>): ManifestSource[] {
  const sources = body['sources'];
  if (!Array.isArray(sources) || sources.length === 0)
    throw new HttpError(400, 'the body needs "sources": [{"file": "name.yaml", "text": "..."}]');
  return sources.map((source, index) => {
    const { file, text } = (source ?? {}) as { file?: unknown; text?: unknown };
    if (typeof text !== 'string') throw new HttpError(400, `sources[${index}].text must be the manifest text`);
    return { file: typeof file === 'string' && file !== '' ? file : `sources[${index}]`, text };
  });
}

function parametersOf(url: URL, body: Record<string, unknown>): ControlParameters {
  const parameters: ControlParameters = {};
  const toRevision = url.searchParams.get('toRevision') ?? body['toRevision'];
  if (toRevision !== null && toRevision !== undefined) {
    const value = Number(toRevision);
    if (!Number.isInteger(value) || value < 0)
      throw new HttpError(400, `toRevision must be a revision number, got ${JSON.stringify(toRevision)}`);
    parameters.toRevision = value;
  }
  const container = url.searchParams.get('container') ?? body['container'];
  const image = url.searchParams.get('image') ?? body['image'];
  const restartInMs = body['restartInMs'];
  if (restartInMs !== undefined) {
    if (typeof restartInMs !== 'number' || !Number.isFinite(restartInMs))
      throw new HttpError(400, `restartInMs must be a number of milliseconds, got ${JSON.stringify(restartInMs)}`);
    parameters.restartInMs = restartInMs;
  }
  if (typeof container === 'string') parameters.container = container;
  if (typeof image === 'string') parameters.image = image;
  return parameters;
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
