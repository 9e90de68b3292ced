// CPU per API request of the Kubernetes client (src/platform/kubernetes/client), against an HTTPS
// server on loopback in a child process (so only the client's CPU is counted): a status PATCH of
// a Rollout, an Event POST and a Rollout GET, each answered with objects of the sizes the API
// server returns. With `--against REV` the client of git revision REV is measured in the same
// run, in alternating rounds, so the two columns share the machine's load.
//
//   node bench/controller/client-requests.ts [--against REV] [--requests N] [--rounds N] [--in-flight N] [--only http1|http2]
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { selfSignedCertificate } from '../../test/support/web-server.ts';

const CLIENT_DIR = 'src/platform/kubernetes/client';

/** A Rollout as the API server returns it: managedFields, a canary status, about 5 KB of JSON. */
function storedRollout(): Record<string, unknown> {
  const time = '2026-12-07T08:00:00Z';
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: 'r17',
      namespace: 'bench',
      uid: '6f1c2a34-8e7d-4b0c-9a51-0d2f3e4a5b6c',
      resourceVersion: '123456',
      generation: 3,
      creationTimestamp: time,
      annotations: { 'rollout.argoproj.io/revision': '2' },
      managedFields: ['bench', 'sluice'].map((manager) => ({
        manager,
        operation: 'Update',
        apiVersion: 'argoproj.io/v1alpha1',
        time,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': { '.': {}, 'f:replicas': {}, 'f:selector': {}, 'f:strategy': {}, 'f:template': {} },
          'f:status': { '.': {}, 'f:canary': {}, 'f:conditions': {}, 'f:currentPodHash': {}, 'f:phase': {} },
        },
      })),
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'r17' } },
      template: {
        metadata: { labels: { app: 'r17' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example/app:v2',
              ports: [{ name: 'http', containerPort: 8080 }],
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            },
          ],
        },
      },
      strategy: {
        canary: {
          stableService: 'r17-stable',
          canaryService: 'r17-canary',
          trafficRouting: { istio: { virtualService: { name: 'r17-vs', routes: ['primary'] } } },
          steps: [{ setWeight: 10 }, { pause: { duration: '5s' } }, { setWeight: 50 }, { pause: { duration: '5s' } }],
        },
      },
    },
    status: statusPatch().status,
  };
}

/** The status a pass writes: conditions, canary weights, step index, hashes (about 2 KB). */
function statusPatch(): { status: Record<string, unknown> } {
  const condition = (type: string, reason: string) => ({
    type,
    status: 'True',
    reason,
    message: `Rollout ${reason.toLowerCase()} for the bench`,
    lastTransitionTime: '2026-12-07T08:00:00Z',
    lastUpdateTime: '2026-12-07T08:00:05Z',
  });
  return {
    status: {
      observedGeneration: '3',
      phase: 'Paused',
      message: 'CanaryPauseStep',
      replicas: 2,
      updatedReplicas: 1,
      readyReplicas: 2,
      availableReplicas: 2,
      currentStepIndex: 1,
      currentStepHash: '5f8d7c9b6d',
      currentPodHash: '7d9c8b6f54',
      stableRS: '6b7f9c8d45',
      selector: 'app=r17',
      canary: {
        weights: {
          canary: { podTemplateHash: '7d9c8b6f54', serviceName: 'r17-canary', weight: 10 },
          stable: { podTemplateHash: '6b7f9c8d45', serviceName: 'r17-stable', weight: 90 },
        },
      },
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-12-07T08:00:05Z' }],
      conditions: [
        condition('Available', 'AvailableReason'),
        condition('Progressing', 'RolloutPaused'),
        condition('Paused', 'CanaryPauseStep'),
        condition('Healthy', 'RolloutHealthy'),
      ],
    },
  };
}

/** An Event as the recorder creates it (about 700 bytes). */
function event(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'r17.187e5c2a3b4d5e6f', namespace: 'bench' },
    involvedObject: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: 'r17',
      namespace: 'bench',
      uid: '6f1c2a34-8e7d-4b0c-9a51-0d2f3e4a5b6c',
      resourceVersion: '123456',
    },
    reason: 'RolloutStepCompleted',
    message: 'Rollout step 1/4 completed (setWeight: 10)',
    type: 'Normal',
    source: { component: 'rollouts-controller' },
    firstTimestamp: '2026-12-07T08:00:05Z',
    lastTimestamp: '2026-12-07T08:00:05Z',
    count: 1,
    reportingComponent: 'rollouts-controller',
    reportingInstance: '',
  };
}

function serve(): void {
  const key = process.env['BENCH_TLS_KEY'] ?? '';
  const cert = process.env['BENCH_TLS_CERT'] ?? '';
  const rollout = JSON.stringify(storedRollout());
  const created = JSON.stringify({
    ...event(),
    metadata: { ...(event().metadata as object), uid: 'e', resourceVersion: '9' },
  });
  const server = http2.createSecureServer({ key, cert, allowHTTP1: true }, (req, res) => {
    req.resume();
    req.on('end', () => {
      const body = req.method === 'POST' ? created : rollout;
      res.writeHead(req.method === 'POST' ? 201 : 200, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.on('disconnect', () => process.exit(0));
}

interface ClientModule {
  KubeClient: new (
    connection: unknown,
    options?: unknown,
  ) => {
    get(resource: unknown, namespace: string, name: string): Promise<unknown>;
    create(resource: unknown, namespace: string, object: unknown): Promise<unknown>;
    patchStatus(resource: unknown, namespace: string, name: string, patch: unknown): Promise<unknown>;
    close(): void;
  };
}

const rollouts = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  kind: 'Rollout',
  plural: 'rollouts',
  namespaced: true,
  strategicMerge: false,
};
const events = { group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, strategicMerge: false };

type Verb = 'PATCH' | 'POST' | 'GET';

async function measure(
  client: InstanceType<ClientModule['KubeClient']>,
  verb: Verb,
  requests: number,
  inFlight: number,
): Promise<number> {
  const patch = statusPatch();
  const posted = event();
  const one = (): Promise<unknown> =>
    verb === 'PATCH'
      ? client.patchStatus(rollouts, 'bench', 'r17', patch)
      : verb === 'POST'
        ? client.create(events, 'bench', posted)
        : client.get(rollouts, 'bench', 'r17');
  let next = 0;
  const started = process.cpuUsage();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < requests) {
        next += 1;
        await one();
      }
    }),
  );
  const used = process.cpuUsage(started);
  return (used.user + used.system) / requests;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      against: { type: 'string' },
      requests: { type: 'string', default: '3000' },
      rounds: { type: 'string', default: '5' },
      'in-flight': { type: 'string', default: '8' },
      /** Measure one protocol of this tree only (for a profile): http1 or http2. */
      only: { type: 'string' },
    },
  });
  const requests = Number(values.requests);
  const rounds = Number(values.rounds);
  const inFlight = Number(values['in-flight']);
  const root = path.resolve(import.meta.dirname, '../..');

  const variants: Array<{ name: string; module: ClientModule; options?: { http2: boolean } }> = [];
  let extracted: string | undefined;
  if (values.against) {
    extracted = mkdtempSync(path.join(os.tmpdir(), 'sluice-client-'));
    const archive = execFileSync('git', ['archive', values.against, 'src'], { cwd: root, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', extracted], { input: archive });
    variants.push({
      name: values.against,
      module: (await import(path.join(extracted, CLIENT_DIR, 'client.ts'))) as ClientModule,
    });
  }
  const current = (await import(path.join(root, CLIENT_DIR, 'client.ts'))) as ClientModule;
  if (values.only !== 'http2') variants.push({ name: 'HTTP/1.1', module: current, options: { http2: false } });
  if (values.only !== 'http1') variants.push({ name: 'HTTP/2', module: current });

  const { cert, key } = selfSignedCertificate();
  const server = fork(import.meta.filename, ['--serve'], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_TLS_KEY: key, BENCH_TLS_CERT: cert },
  });
  const port = await new Promise<number>((resolve) =>
    server.once('message', (message) => resolve((message as { port: number }).port)),
  );
  const connection = {
    server: `https://127.0.0.1:${port}`,
    tls: { ca: Buffer.from(cert), cert: Buffer.from(cert), key: Buffer.from(key), insecureSkipTlsVerify: false },
    credentials: { authorization: () => 'Bearer bench-token-0123456789abcdef0123456789abcdef' },
    namespace: 'bench',
    description: 'bench',
  };
  const clients = variants.map((variant) => new variant.module.KubeClient(connection, variant.options));
  const verbs: Verb[] = ['PATCH', 'POST', 'GET'];
  const results = variants.map(() => new Map<Verb, number[]>(verbs.map((verb) => [verb, []])));
  try {
    for (const client of clients) for (const verb of verbs) await measure(client, verb, 500, inFlight);
    for (let round = 0; round < rounds; round += 1)
      for (const verb of verbs)
        for (const [index, client] of clients.entries())
          results[index]?.get(verb)?.push(await measure(client, verb, requests, inFlight));
  } finally {
    for (const client of clients) client.close();
    server.disconnect();
    if (extracted) rmSync(extracted, { recursive: true, force: true });
  }

  const load = os.loadavg()[0]?.toFixed(1);
  console.log(
    `CPU µs per request of the client (median of ${rounds} rounds of ${requests}, ${inFlight} in flight; load average ${load})`,
  );
  console.log(['request'.padEnd(24), ...variants.map((variant) => variant.name.padStart(12))].join(''));
  const labels: Record<Verb, string> = {
    PATCH: 'PATCH status (2 KB)',
    POST: 'POST Event (0.7 KB)',
    GET: 'GET Rollout (5 KB)',
  };
  for (const verb of verbs)
    console.log(
      [
        labels[verb].padEnd(24),
        ...results.map((result) =>
          median(result.get(verb) ?? [])
            .toFixed(1)
            .padStart(12),
        ),
      ].join(''),
    );
}

if (process.argv.includes('--serve')) serve();
else await main();
