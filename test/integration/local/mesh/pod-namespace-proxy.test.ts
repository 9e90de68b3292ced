// A pod's HTTP client, with the mesh gateway as its proxy (the variables `sluice run` gives a pod
// of namespace `demo`), calls `http://web/`: the short name resolves in the pod's own namespace, as
// the pod's DNS search path would in a cluster, never in `default`, whose Service of the same name
// answers differently. Real clients: curl (absolute-form requests), Node.js fetch (CONNECT
// tunnels), Node.js http, and Go's net/http.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { LocalJobRunner } from '../../../../src/analysis/providers/job/local-runner.ts';
import { LocalMesh } from '../../../../src/runtime/local/mesh/local-mesh.ts';
import { meshProxyEnvironment } from '../../../../src/runtime/local/mesh/cluster-names.ts';
import { ManualEndpointSource } from '../../../../src/runtime/local/services/endpoint-source.ts';
import { buildGoProgram, goSkipReason } from '../../../support/go-program.ts';
import { waitFor } from '../../../support/ports.ts';
import { service, startPodServer, type PodServer } from '../services/pod-servers.ts';

const run = promisify(execFile);

/** Each URL's answer as "<status> <body>", one a line, whatever the client. */
type Client = (env: Record<string, string>, urls: string[]) => Promise<string[]>;

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

const curl: Client = async (env, urls) => {
  const answers: string[] = [];
  for (const url of urls) {
    const { stdout } = await run('curl', ['-s', '-w', ' %{http_code}', url], { env });
    const at = stdout.lastIndexOf(' ');
    answers.push(`${stdout.slice(at + 1)} ${stdout.slice(0, at)}`);
  }
  return answers;
};

const NODE_FETCH = `
for (const url of process.argv.slice(1)) {
  try {
    const response = await fetch(url);
    console.log(response.status + ' ' + (await response.text()));
  } catch (error) {
    console.log('error ' + (error.cause?.message ?? error.message));
  }
}`;

const NODE_HTTP = `
const http = require('node:http');
(async () => {
  for (const url of process.argv.slice(1)) {
    console.log(await new Promise((resolve) => {
      http.get(url, (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(response.statusCode + ' ' + body));
      }).on('error', (error) => resolve('error ' + error.message));
    }));
  }
})();`;

const nodeFetch: Client = async (env, urls) =>
  lines((await run(process.execPath, ['--input-type=module', '-e', NODE_FETCH, ...urls], { env })).stdout);

const nodeHttp: Client = async (env, urls) =>
  lines((await run(process.execPath, ['-e', NODE_HTTP, ...urls], { env })).stdout);

const goSkip = goSkipReason();
let goProgram: string | undefined;
const goHttp: Client = async (env, urls) => {
  goProgram ??= buildGoProgram(path.join(import.meta.dirname, 'proxy-client'));
  return lines((await run(goProgram, urls, { env })).stdout);
};

const CLIENTS: Array<[string, Client, string | false]> = [
  ['curl', curl, false],
  ['Node.js fetch (CONNECT)', nodeFetch, false],
  ['Node.js http (absolute form)', nodeHttp, false],
  ["Go's net/http", goHttp, goSkip],
];

describe("a pod's short Service names resolve in its own namespace through the mesh proxy", () => {
  let mesh: LocalMesh;
  let pods: PodServer[];

  before(async () => {
    pods = [
      await startPodServer('web-in-demo', { app: 'web' }, { namespace: 'demo' }),
      await startPodServer('web-in-default', { app: 'web' }),
    ];
    const source = new ManualEndpointSource();
    for (const pod of pods) source.publish('ready', pod.endpoint());
    mesh = await LocalMesh.start({ endpoints: source });
    await mesh.putService(service('web', { app: 'web' }, { namespace: 'demo' }));
    await mesh.putService(service('web', { app: 'web' }));
  });
  after(async () => {
    await mesh?.close();
    await Promise.all((pods ?? []).map((pod) => pod.close()));
  });

  const podEnv = (client?: { namespace: string; name: string }) => ({
    PATH: process.env.PATH ?? '',
    ...meshProxyEnvironment(mesh.gateway, client),
  });

  for (const [name, client, skip] of CLIENTS) {
    it(`${name}: short forms in the pod's namespace, qualified forms where they say`, { skip }, async () => {
      const answers = await client(podEnv({ namespace: 'demo', name: 'caller-1' }), [
        'http://web/',
        'http://web.svc/',
        'http://web.demo/',
        'http://web.default/',
        'http://web.default.svc/',
        'http://web.default.svc.cluster.local/',
        'http://web.demo.svc.cluster.local:80/',
      ]);
      // `web.svc` is no search-path form (`svc` would be the namespace), as in a cluster.
      const [short, svc, ...rest] = answers;
      assert.equal(short, '200 web-in-demo');
      assert.doesNotMatch(svc ?? '', /^200 /);
      assert.deepEqual(rest, [
        '200 web-in-demo',
        '200 web-in-default',
        '200 web-in-default',
        '200 web-in-default',
        '200 web-in-demo',
      ]);
    });
  }

  it("a job metric's container resolves short names in the AnalysisRun's namespace", async () => {
    const jobs = mkdtempSync(path.join(os.tmpdir(), 'sluice-job-proxy-'));
    const runner = new LocalJobRunner(jobs, { env: (pod) => meshProxyEnvironment(mesh.gateway, pod) });
    const check = (name: string, expected: string) =>
      runner.start({
        name,
        metricName: 'm',
        run: { name: 'run', namespace: 'demo' },
        job: {
          spec: {
            backoffLimit: 0,
            template: {
              spec: {
                containers: [
                  { name: 'c', image: 'x', command: ['sh', '-c', `test "$(curl -s http://web/)" = "${expected}"`] },
                ],
              },
            },
          },
        },
      });
    try {
      await check('run.m.1', 'web-in-demo');
      await check('run.m.2', 'web-in-default');
      const outcome = async (name: string) =>
        waitFor(`job ${name} to end`, async () => {
          const state = await runner.status(name);
          return state.phase === 'running' ? undefined : state.phase;
        });
      assert.equal(await outcome('run.m.1'), 'succeeded');
      assert.equal(await outcome('run.m.2'), 'failed', 'the job does not reach the web of default');
    } finally {
      rmSync(jobs, { recursive: true, force: true });
    }
  });

  it('a client that names no namespace resolves short names in the gateway default (default)', async () => {
    assert.deepEqual(await curl(podEnv(), ['http://web/', 'http://web.demo/']), [
      '200 web-in-default',
      '200 web-in-demo',
    ]);
  });

  it('a pod of a namespace without that Service does not reach the one in default', async () => {
    const [answer] = await curl(podEnv({ namespace: 'other', name: 'caller-2' }), ['http://web/']);
    assert.doesNotMatch(answer ?? '', /web-in-default/);
    assert.match(answer ?? '', /^5\d\d /, 'the gateway passes the unknown host on, and it does not resolve');
  });
});
