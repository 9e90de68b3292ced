// What the image catalogue runs for `prom/prometheus` in a process pod: the Prometheus installed on
// the machine (Debian package `prometheus`) with the container's args, mapped by
// processPrometheusArgs (paths under $SLUICE_ROOT, the pod's $PORT) and with the mesh's scrape job
// added to its configuration (prometheus-config.ts). Signals are passed on; it exits as Prometheus does.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { findPrometheus } from '../prometheus/start-prometheus.ts';
import { PrometheusConfigError, withMeshJob } from './prometheus-config.ts';
import { processPath, processPrometheusArgs, type PodView } from './prometheus-args.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const binary = findPrometheus();
if (!binary)
  fail(
    'image prom/prometheus runs as the Prometheus installed on this machine, and none is (looked for /usr/bin/prometheus, /usr/local/bin/prometheus and $PATH): ' +
      'install it with "apt-get install prometheus" (Debian and Ubuntu); the container is restarted with back-off, so the pod starts once it is there',
  );

const env = process.env;
const pod = `${env.SLUICE_POD_NAMESPACE ?? 'default'}_${env.SLUICE_POD_NAME ?? process.pid}`;
// Storage no mount provides, and the derived configuration: in the pod's own folder, which the
// runtime removes with the pod even when this process is killed (under $SLUICE_ROOT, the
// container's root folder of its mounts; a hidden name no mountPath takes there). A pod that
// mounts nothing has no such folder: the system's temporary folder then.
const scratch = env.SLUICE_ROOT
  ? path.join(env.SLUICE_ROOT, '.sluice-prometheus')
  : path.join(os.tmpdir(), `sluice-prometheus-${pod}`);
const view: PodView = {
  ...(env.SLUICE_ROOT ? { root: env.SLUICE_ROOT } : {}),
  host: env.SLUICE_POD_IP ?? '127.0.0.1',
  port: env.PORT ?? '9090',
  exists: existsSync,
  scratchStorage: path.join(scratch, 'data'),
};
const planned = processPrometheusArgs(process.argv.slice(2), view);
mkdirSync(scratch, { recursive: true });
let args = planned.args;
const meshTarget = env.SLUICE_MESH_METRICS;
if (meshTarget) {
  let text: string;
  try {
    text = readFileSync(planned.configFile, 'utf8');
  } catch (error) {
    fail(
      `cannot read the Prometheus configuration ${planned.configFile}: ${(error as Error).message}; mount it (a ConfigMap volume at the folder --config.file names)`,
    );
  }
  const derived = path.join(scratch, 'prometheus.yml');
  try {
    writeFileSync(
      derived,
      withMeshJob(text, planned.configFile, meshTarget, (file) => processPath(file, view)),
    );
  } catch (error) {
    if (error instanceof PrometheusConfigError) fail(error.message);
    throw error;
  }
  args = args.map((arg) => (arg.startsWith('--config.file=') ? `--config.file=${derived}` : arg));
}

const child = spawn(binary, args, { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
child.on('error', (error) => fail(`cannot start ${binary}: ${error.message}`));
child.on('exit', (code, signal) => {
  // Storage no mount provides is the pod's own, as the image's anonymous volume: gone with it.
  rmSync(scratch, { recursive: true, force: true });
  process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1));
});
