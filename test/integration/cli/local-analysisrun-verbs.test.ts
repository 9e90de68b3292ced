// `create analysisrun` and `terminate analysisrun` against a real local runtime (`sluice run` as a
// process) whose templates ask a local HTTP server: the run created from each kind of template, its
// measurements taken by the runtime, terminate ending it, and the errors as one sentence.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AnalysisRun } from '../../../src/api/types/analysis.ts';
import { waitFor } from '../../support/ports.ts';
import { startWebServer, type TestServer } from '../../support/web-server.ts';
import { startSluice, temporaryDir, type RunningSluice } from '../local/runtime/sluice-run.ts';
import { isOneSentence, sluice } from './cli-process.ts';

const TEMPLATES = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: web-check
  labels:
    team: web
spec:
  args:
    - name: url
    - name: path
      value: /default
  metrics:
    - name: latency
      interval: 1s
      successCondition: result < 10
      provider:
        web:
          url: "{{args.url}}{{args.path}}"
          jsonPath: "{$.value}"
---
apiVersion: argoproj.io/v1alpha1
kind: ClusterAnalysisTemplate
metadata:
  name: once
spec:
  args:
    - name: url
  metrics:
    - name: latency
      count: 1
      successCondition: result < 10
      provider:
        web:
          url: "{{args.url}}/once"
          jsonPath: "{$.value}"
`;

describe('create and terminate analysisrun against the local runtime', { timeout: 180_000 }, () => {
  let running: RunningSluice;
  let server: TestServer;
  let workDir = '';
  const cli = (...args: string[]) => sluice(args, { cwd: workDir });
  const getRun = (name: string) => running.client.get<AnalysisRun>(`/api/v1/analysisruns/default/${name}`);
  const createdName = (stdout: string) =>
    /^analysisrun\.argoproj\.io\/(\S+) created\n$/.exec(stdout)?.[1] ?? assert.fail(`not a created line: ${stdout}`);

  before(async () => {
    server = await startWebServer(() => ({ json: { value: 7 } }));
    const manifests = temporaryDir('cli-templates');
    writeFileSync(path.join(manifests, 'templates.yaml'), TEMPLATES);
    workDir = temporaryDir('cli-analysisrun-verbs');
    mkdirSync(path.join(workDir, '.sluice'));
    running = await startSluice([manifests], { stateDir: path.join(workDir, '.sluice') });
  });

  after(async () => {
    await running?.stop();
    await server?.close();
  });

  it('create analysisrun --from builds the run from the AnalysisTemplate; it measures until terminate analysisrun ends it', async () => {
    const created = await cli(
      'create',
      'analysisrun',
      '--from',
      'web-check',
      '-a',
      `url=${server.url}`,
      '-a',
      'path=/custom',
    );
    assert.equal(created.code, 0, created.stderr);
    const name = createdName(created.stdout);
    assert.match(name, /^web-check-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const run = await getRun(name);
    assert.deepEqual(
      [run.kind, run.metadata.generateName, run.metadata.labels, run.spec.args],
      [
        'AnalysisRun',
        'web-check-',
        { team: 'web' },
        [
          { name: 'url', value: server.url },
          { name: 'path', value: '/custom' },
        ],
      ],
    );
    await waitFor(
      'two measurements',
      async () => ((await getRun(name)).status?.metricResults?.[0]?.measurements?.length ?? 0) >= 2 || undefined,
    );
    assert.ok(
      server.requests.some((request) => request.url === '/custom'),
      'the run asked the URL made from its args',
    );
    assert.equal((await getRun(name)).status?.phase, 'Running');

    const terminated = await cli('terminate', 'analysisrun', name);
    assert.deepEqual(
      [terminated.code, terminated.stdout, terminated.stderr],
      [0, `analysisRun '${name}' terminated\n`, ''],
    );
    assert.equal((await getRun(name)).spec.terminate, true);
    const ended = await waitFor('the run to end', async () => {
      const latest = await getRun(name);
      return latest.status?.phase === 'Successful' ? latest : undefined;
    });
    assert.equal(ended.status?.message, 'Run Terminated');
  });

  it('--global --from reads the ClusterAnalysisTemplate; --name names the run and a second create with it is refused', async () => {
    const created = await cli(
      'create',
      'ar',
      '--global',
      '--from',
      'once',
      '-a',
      `url=${server.url}`,
      '--name',
      'once-by-hand',
      '--instance-id',
      'blue',
    );
    assert.deepEqual(
      [created.code, created.stdout],
      [0, 'analysisrun.argoproj.io/once-by-hand created\n'],
      created.stderr,
    );
    const run = await getRun('once-by-hand');
    assert.deepEqual(run.metadata.labels, { 'argo-rollouts.argoproj.io/controller-instance-id': 'blue' });
    const again = await cli(
      'create',
      'analysisrun',
      '--global',
      '--from',
      'once',
      '-a',
      `url=${server.url}`,
      '--name',
      'once-by-hand',
    );
    assert.equal(again.code, 1);
    assert.equal(again.stderr, 'sluice create: analysisrun once-by-hand already exists in namespace default\n');
  });

  it('--from-file reads the template from a file, in the namespace given with -n', async () => {
    const file = path.join(workDir, 'template.yaml');
    writeFileSync(file, TEMPLATES.split('---\n')[1] ?? '');
    const created = await cli(
      'create',
      'analysisrun',
      '--from-file',
      file,
      '-a',
      `url=${server.url}`,
      '--generate-name',
      'from-file-',
      '-n',
      'qa',
    );
    assert.equal(created.code, 0, created.stderr);
    const name = createdName(created.stdout);
    assert.match(name, /^from-file-.{5}$/);
    const run = await running.client.get<AnalysisRun>(`/api/v1/analysisruns/qa/${name}`);
    assert.deepEqual([run.metadata.namespace, run.spec.args], ['qa', [{ name: 'url', value: server.url }]]);
  });

  it('sluice --help lists create and terminate; each has its --help with every flag', async () => {
    const top = await cli('--help');
    assert.match(top.stdout, /\n {2}create +create objects, or an analysis run from a template\n/);
    assert.match(top.stdout, /\n {2}terminate +end analysis runs or experiments in progress\n/);
    const create = await cli('create', '--help');
    assert.equal(create.code, 0);
    for (const flag of [
      '-f, --filename FILE',
      '-w, --watch',
      '--no-color',
      '--from NAME',
      '--from-file FILE',
      '--global',
      '-a, --argument NAME=VALUE',
      '--name NAME',
      '--generate-name PREFIX',
      '--instance-id ID',
    ])
      assert.ok(create.stdout.includes(flag), `create --help shows ${flag}`);
    const terminate = await cli('terminate', '--help');
    assert.match(terminate.stdout, /^usage: sluice terminate analysisrun\|experiment NAME\.\.\. \[-n NS\]\n/);
  });

  it('create -f creates the objects of a file, refuses one that exists, and refuses an invalid one at its line of the file', async () => {
    const file = path.join(workDir, 'more.yaml');
    writeFileSync(
      file,
      TEMPLATES.replace('name: web-check', 'name: web-check-2').replace('name: once', 'name: once-2'),
    );
    const created = await cli('create', '-f', file);
    assert.deepEqual(
      [created.code, created.stdout],
      [0, 'analysistemplate.argoproj.io/web-check-2 created\nclusteranalysistemplate.argoproj.io/once-2 created\n'],
      created.stderr,
    );
    assert.equal(
      (await running.client.get<{ kind: string }>('/api/v1/analysistemplates/default/web-check-2')).kind,
      'AnalysisTemplate',
    );
    const fromIt = await cli('create', 'analysisrun', '--global', '--from', 'once-2', '-a', `url=${server.url}`);
    assert.equal(fromIt.code, 0, fromIt.stderr);
    const again = await cli('create', '-f', file);
    assert.deepEqual(
      [again.code, again.stderr],
      [1, 'sluice create: AnalysisTemplate default/web-check-2 already exists: nothing was created\n'],
    );
    const experiment = path.join(workDir, 'experiment.yaml');
    writeFileSync(
      experiment,
      'apiVersion: argoproj.io/v1alpha1\nkind: Experiment\nmetadata: {name: e}\nspec: {templates: []}\n',
    );
    const refused = await cli('create', '-f', experiment);
    assert.deepEqual(
      [refused.code, refused.stderr],
      [
        1,
        `sluice create: the manifests are invalid: nothing was created:\n${experiment}:4: spec.templates: an Experiment needs at least one template\n`,
      ],
    );
  });

  it('says what is wrong in one sentence and exits 1', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['create', 'analysisrun', '--from', 'web-check'],
        /^sluice create: the template's argument url has no value: give -a url=VALUE\n$/,
      ],
      [
        ['create', 'analysisrun', '--from', 'nope'],
        /^sluice create: analysistemplate nope not found in namespace default of the local runtime/,
      ],
      [
        ['create', 'analysisrun', '--global', '--from', 'nope'],
        /^sluice create: clusteranalysistemplate nope not found in the local runtime/,
      ],
      [['create', 'analysisrun', '--from', 'once'], /^sluice create: analysistemplate once not found/],
      [
        ['terminate', 'analysisrun', 'nope'],
        /^sluice terminate: analysisrun nope not found in namespace default of the local runtime/,
      ],
      [
        ['terminate', 'experiment', 'e'],
        /^sluice terminate: experiment e not found in namespace default of the local runtime/,
      ],
      [['get', 'experiment', 'e'], /^sluice get: experiment e not found in namespace default of the local runtime/],
      [['retry', 'experiment', 'e'], /^sluice retry: experiment e not found in namespace default of the local runtime/],
      [
        ['create', 'analysisrun', '--from', 'web-check', '-a', `url=${server.url}`, '--name', 'Bad_Name'],
        /^sluice create: the AnalysisRun is invalid: .*metadata\.name/,
      ],
    ];
    for (const [args, expected] of cases) {
      const result = await cli(...args);
      assert.equal(result.code, 1, `${args.join(' ')}: ${result.stdout}`);
      assert.match(result.stderr, expected, args.join(' '));
      assert.ok(isOneSentence(result.stderr), result.stderr);
    }
  });
});
