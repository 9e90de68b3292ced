// The prom/prometheus image in a process pod: its args mapped for the installed Prometheus (paths
// under $SLUICE_ROOT where a mount is, the pod's port, the image's CMD when the container gives no
// args), and its configuration with the mesh's scrape job added.
import assert from 'node:assert/strict';
import process from 'node:process';
import { test } from 'node:test';
import { parse } from 'yaml';
import { builtInCatalogue, findImage } from '../../../../../src/runtime/local/images/catalogue.ts';
import { MESH_JOB_NAME, withMeshJob } from '../../../../../src/runtime/local/images/prometheus-config.ts';
import { processPrometheusArgs, type PodView } from '../../../../../src/runtime/local/images/prometheus-args.ts';

const ROOT = '/state/volumes/monitoring_prom-1/containers/prometheus';
const mounted = new Set([`${ROOT}/etc/prometheus`, `${ROOT}/prometheus`]);
const view: PodView = {
  root: ROOT,
  host: '127.0.0.1',
  port: '41000',
  exists: (file) => mounted.has(file),
  scratchStorage: '/tmp/pod/data',
};

test('prom/prometheus and quay.io/prometheus/prometheus, any tag, run the launcher with node', () => {
  for (const image of [
    'prom/prometheus:v2.53.0',
    'docker.io/prom/prometheus',
    'quay.io/prometheus/prometheus:v3.0.0',
  ]) {
    const entry = findImage(builtInCatalogue(), image);
    assert.equal(entry?.command?.[0], process.execPath, image);
    assert.match(entry?.command?.[1] ?? '', /images\/prometheus-launcher\.ts$/, image);
    assert.equal(entry?.args, undefined, `${image}: the container's args (or the image's CMD) go to the launcher`);
  }
});

test("mounted paths are read under the pod's root, the listen address is the pod's port", () => {
  const planned = processPrometheusArgs(
    [
      '--config.file=/etc/prometheus/prometheus.yml',
      '--storage.tsdb.path',
      '/prometheus',
      '--web.listen-address=:9090',
      '--storage.tsdb.retention.time=1d',
      '--web.enable-lifecycle',
    ],
    view,
  );
  assert.deepEqual(planned.args, [
    `--config.file=${ROOT}/etc/prometheus/prometheus.yml`,
    `--storage.tsdb.path=${ROOT}/prometheus`,
    '--web.listen-address=127.0.0.1:41000',
    '--storage.tsdb.retention.time=1d',
    '--web.enable-lifecycle',
  ]);
  assert.equal(planned.configFile, `${ROOT}/etc/prometheus/prometheus.yml`);
  assert.equal(planned.storageWithoutMount, false);
});

test("no args: the image's CMD; storage no mount provides is the pod's own folder; the listen address is added", () => {
  const planned = processPrometheusArgs([], { ...view, exists: (file) => file === `${ROOT}/etc/prometheus` });
  assert.deepEqual(planned.args, [
    `--config.file=${ROOT}/etc/prometheus/prometheus.yml`,
    '--storage.tsdb.path=/tmp/pod/data',
    '--web.listen-address=127.0.0.1:41000',
  ]);
  assert.equal(planned.storageWithoutMount, true);
});

test('without volume mounts the paths stay as written, and a missing storage flag gets the pod folder', () => {
  const { root: _root, ...bare } = view;
  const planned = processPrometheusArgs(['--config.file=/opt/prom.yml'], bare);
  assert.deepEqual(planned.args, [
    '--config.file=/opt/prom.yml',
    '--storage.tsdb.path=/tmp/pod/data',
    '--web.listen-address=127.0.0.1:41000',
  ]);
});

test("the mesh's job is added once, after the file's own jobs; rule files are read under the root", () => {
  const text = [
    'global: { scrape_interval: 5s }',
    'rule_files: [/etc/prometheus/rules.yml]',
    'scrape_configs:',
    '  - job_name: app',
    '    static_configs: [{ targets: ["127.0.0.1:8080"] }]',
  ].join('\n');
  const out = parse(withMeshJob(text, 'prometheus.yml', '127.0.0.1:15090', (file) => `${ROOT}${file}`));
  assert.deepEqual(out.rule_files, [`${ROOT}/etc/prometheus/rules.yml`]);
  assert.deepEqual(
    out.scrape_configs.map((job: { job_name: string }) => job.job_name),
    ['app', MESH_JOB_NAME],
  );
  assert.deepEqual(out.scrape_configs[1], {
    job_name: MESH_JOB_NAME,
    metrics_path: '/stats/prometheus',
    static_configs: [{ targets: ['127.0.0.1:15090'], labels: { component: 'mesh' } }],
  });
  assert.deepEqual(out.global, { scrape_interval: '5s' });

  const own = `scrape_configs:\n  - job_name: ${MESH_JOB_NAME}\n    static_configs: [{ targets: ["mesh:1"] }]\n`;
  const kept = parse(withMeshJob(own, 'p.yml', '127.0.0.1:15090', (file) => file));
  assert.deepEqual(kept.scrape_configs, [{ job_name: MESH_JOB_NAME, static_configs: [{ targets: ['mesh:1'] }] }]);
  assert.equal(parse(withMeshJob('', 'p.yml', 'm:1', (f) => f)).scrape_configs[0].job_name, MESH_JOB_NAME);
  assert.equal(parse(withMeshJob('scrape_configs: []', 'p.yml', 'm:1', (f) => f)).scrape_configs.length, 1);
});

test('a configuration that is not a mapping, or whose scrape_configs is not a list, is refused naming the file', () => {
  assert.throws(
    () => withMeshJob('[1, 2]', 'cm/prometheus.yml', 'm:1', (f) => f),
    /cm\/prometheus\.yml: expected a mapping/,
  );
  assert.throws(
    () => withMeshJob('scrape_configs: 3', 'p.yml', 'm:1', (f) => f),
    /p\.yml: scrape_configs: expected a list/,
  );
  assert.throws(() => withMeshJob('a: [', 'p.yml', 'm:1', (f) => f), /p\.yml: not valid YAML/);
});
