// The prom/prometheus launcher run for real (the installed Prometheus): storage that no mount
// provides and the configuration it derives (with the mesh's scrape job) are written in the pod's
// own folder under $SLUICE_ROOT, which the runtime removes with the pod, not in the system's
// temporary folder, which a killed launcher would leave behind.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { findPrometheus } from '../../../../src/runtime/local/prometheus/start-prometheus.ts';
import { freePort, waitFor } from '../../../support/ports.ts';

const LAUNCHER = fileURLToPath(new URL('../../../../src/runtime/local/images/prometheus-launcher.ts', import.meta.url));
const missing = findPrometheus() ? false : 'no Prometheus installed (apt-get install prometheus)';

test("the launcher keeps Prometheus's scratch storage in the pod's own folder", {
  skip: process.env['CI'] ? false : missing,
  timeout: 60_000,
}, async (t) => {
  const pods = mkdtempSync(path.join(os.tmpdir(), 'sluice-launcher-'));
  t.after(() => rmSync(pods, { recursive: true, force: true }));
  const root = path.join(pods, 'monitoring_prom-1', 'containers', 'prometheus');
  mkdirSync(path.join(root, 'etc', 'prometheus'), { recursive: true });
  writeFileSync(path.join(root, 'etc', 'prometheus', 'prometheus.yml'), 'global: {scrape_interval: 1m}\n');
  const port = await freePort();
  const name = `prom-${process.pid}`;
  const child = spawn(
    process.execPath,
    [LAUNCHER, '--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/var/lib/prometheus/data'],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        SLUICE_ROOT: root,
        SLUICE_POD_NAME: name,
        SLUICE_POD_NAMESPACE: 'monitoring',
        PORT: String(port),
        SLUICE_MESH_METRICS: '127.0.0.1:1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  const exited = once(child, 'exit');
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  await waitFor('Prometheus to be ready', async () => {
    if (child.exitCode !== null) throw new Error(`the launcher exited with ${child.exitCode}:\n${output}`);
    const response = await fetch(`http://127.0.0.1:${port}/-/ready`).catch(() => undefined);
    return response?.ok ? true : undefined;
  });
  const scratch = path.join(root, '.sluice-prometheus');
  assert.ok(existsSync(path.join(scratch, 'prometheus.yml')), 'the derived configuration is in the pod folder');
  assert.ok(existsSync(path.join(scratch, 'data', 'wal')), 'the storage is in the pod folder');
  assert.equal(existsSync(path.join(os.tmpdir(), `sluice-prometheus-monitoring_${name}`)), false);
});
