// Brings the test control plane up or down by hand, for debugging and benchmarks:
//
//   node test/controlplane/cli.ts up --dir DIR     start it in the background, write DIR/kubeconfig
//   node test/controlplane/cli.ts down --dir DIR   stop the processes recorded in DIR
//   node test/controlplane/cli.ts build            build (or find) the binaries, print their folder
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startControlPlane } from './control-plane.ts';
import { controlPlaneSourceDir } from './paths.ts';
import { stopRecordedProcesses } from './process-record.ts';

const usage = `usage: controlplane up --dir DIR [--no-crds] | down --dir DIR | build

  up     start kube-apiserver (+etcd), controller-manager, scheduler and kwok with a fake node
         in the background; write DIR/kubeconfig, logs in DIR/logs, PIDs in DIR/processes.json.
         Builds the binaries first when they are missing (a cold build takes tens of minutes).
  down   stop the processes recorded in DIR (whole process groups).
  build  build the binaries when missing and print their folder.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      'no-crds': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (command === 'build') {
    const binDir = buildBinaries();
    if (binDir === undefined) return 1;
    console.log(binDir);
    return 0;
  }
  if (command !== 'up' && command !== 'down') {
    console.error(`unknown command ${command}\n${usage}`);
    return 2;
  }
  if (values.dir === undefined) {
    console.error(`${command} needs --dir DIR\n${usage}`);
    return 2;
  }
  const dir = path.resolve(values.dir);
  if (command === 'down') {
    if (!existsSync(dir)) {
      console.error(`no folder ${dir}`);
      return 1;
    }
    const stopped = await stopRecordedProcesses(dir);
    console.log(
      stopped.length === 0 ? `nothing was running in ${dir}` : `stopped ${stopped.map((p) => p.name).join(', ')}`,
    );
    return 0;
  }
  const binDir = buildBinaries();
  if (binDir === undefined) return 1;
  const controlPlane = await startControlPlane({
    dir,
    binDir,
    detach: true,
    ...(values['no-crds'] ? { crdPaths: [] } : {}),
    log: (message) => console.error(message),
  });
  console.log(`binaries:   ${binDir}`);
  console.log(`control plane up in ${controlPlane.startupMs} ms at ${controlPlane.server}`);
  console.log(`kubeconfig: ${controlPlane.kubeconfigPath}`);
  console.log(`try:        ${path.join(binDir, 'kubectl')} --kubeconfig ${controlPlane.kubeconfigPath} get nodes`);
  console.log(`stop with:  npm run controlplane -- down --dir ${values.dir}`);
  return 0;
}

/** Runs build.sh (its progress on stderr) and returns the binaries' folder. */
function buildBinaries(): string | undefined {
  const result = spawnSync('bash', [path.join(controlPlaneSourceDir, 'build.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    console.error(`build.sh failed (exit ${result.status ?? result.signal})`);
    return undefined;
  }
  return result.stdout.trim();
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
