// sluice run: runs manifests on this machine until SIGINT/SIGTERM/SIGHUP, then stops every process it
// started and leaves the state in the state directory for the next start.
import process from 'node:process';
import { formatIssue, loadManifests } from '../../api/load-manifests.ts';
import { localRoutingNotes } from '../../api/local-routing.ts';
import { stateDirOf, tokenFile, TokenDirectoryError } from '../../runtime/local/api/state-files.ts';
import { CatalogueError } from '../../runtime/local/images/load-catalogue.ts';
import type { EngineChoice } from '../../runtime/local/images/container-engine.ts';
import { installProcessGroupCleanup } from '../../platform/process/process-group.ts';
import { PrometheusNotInstalledError } from '../../runtime/local/prometheus/start-prometheus.ts';
import {
  ManifestError,
  RuntimeAlreadyRunningError,
  startLocalRuntime,
  type LocalRuntime,
} from '../../runtime/local/run.ts';
import { readSources, SourceError } from '../lint/read-sources.ts';
import { listFlag, numberFlag, stringFlag, switchFlag, type ParsedFlags } from '../shared/flags.ts';
import { runParsed } from '../shared/parsed-command.ts';
import { spec } from './spec.ts';

export function run(args: string[]): Promise<number> {
  return runParsed(spec, args, (line) => runLocally(optionsOf(line.flags)));
}

interface RunOptions {
  filenames: string[];
  imagesFile: string | undefined;
  containerEngine: EngineChoice;
  gatewayPort: number | undefined;
  apiPort: number | undefined;
  stateDir: string;
  prometheus: boolean;
  selfServiceNotifications: boolean;
}

function optionsOf(parsed: ParsedFlags): RunOptions {
  const filenames = listFlag(parsed, 'filename');
  return {
    filenames,
    imagesFile: stringFlag(parsed, 'images'),
    containerEngine: (stringFlag(parsed, 'container-engine') ?? 'auto') as EngineChoice,
    gatewayPort: numberFlag(parsed, 'gateway-port'),
    apiPort: numberFlag(parsed, 'api-port'),
    stateDir: stateDirOf(stringFlag(parsed, 'state-dir'), process.env),
    prometheus: switchFlag(parsed, 'prometheus'),
    selfServiceNotifications: switchFlag(parsed, 'self-service-notification-enabled'),
  };
}

async function runLocally(options: RunOptions): Promise<number> {
  let runtime: LocalRuntime;
  try {
    const sources = readSources(options.filenames);
    if (sources.length === 0) {
      process.stderr.write(`sluice run: no *.yaml, *.yml or *.json files found in ${options.filenames.join(', ')}\n`);
      return 1;
    }
    const { issues } = loadManifests(sources);
    const errors = issues.filter((issue) => issue.severity === 'error');
    if (errors.length > 0) {
      process.stdout.write(errors.map((issue) => `${formatIssue(issue)}\n`).join(''));
      return 1;
    }
    const log = (line: string) => process.stdout.write(`${line}\n`);
    runtime = await startLocalRuntime({
      stateDir: options.stateDir,
      sources,
      ...(options.imagesFile !== undefined ? { imagesFile: options.imagesFile } : {}),
      containerEngine: options.containerEngine,
      ...(options.gatewayPort !== undefined ? { gatewayPort: options.gatewayPort } : {}),
      ...(options.apiPort !== undefined ? { apiPort: options.apiPort } : {}),
      prometheus: options.prometheus,
      ...(options.selfServiceNotifications ? { selfServiceNotifications: true } : {}),
      log,
    });
  } catch (error) {
    if (error instanceof ManifestError) {
      process.stdout.write(error.issues.map((line) => `${line}\n`).join(''));
      return 1;
    }
    if (
      error instanceof SourceError ||
      error instanceof CatalogueError ||
      error instanceof RuntimeAlreadyRunningError ||
      error instanceof TokenDirectoryError ||
      error instanceof PrometheusNotInstalledError
    ) {
      process.stderr.write(`sluice run: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  runtime.events.onEvent((key, event) =>
    process.stdout.write(`${event.lastTimestamp} ${key} ${event.type} ${event.reason}: ${event.message}\n`),
  );
  await runtime.mesh.servicesSynced();
  process.stdout.write(`${startBanner(runtime)}\n`);
  // The first SIGINT/SIGTERM/SIGHUP stops the pods and the proxy gracefully; a second one during
  // that stop kills every pod's process group and ends sluice at once.
  let interrupted: () => void = () => undefined;
  const interruption = new Promise<void>((resolve) => (interrupted = resolve));
  let stopped: () => void = () => undefined;
  const stop = new Promise<void>((resolve) => (stopped = resolve));
  const removeShutdown = installProcessGroupCleanup({
    gracefulShutdown: async () => {
      interrupted();
      await stop;
    },
  });
  await interruption;
  process.stdout.write('sluice run: stopping the pods and the proxy...\n');
  try {
    await runtime.stop();
  } finally {
    stopped();
    removeShutdown();
  }
  process.stdout.write(`sluice run: stopped; the state is kept in ${runtime.stateDir}/ for the next start\n`);
  return 0;
}

function startBanner(runtime: LocalRuntime): string {
  const lines = [`sluice run: ${runtime.store.list('Rollout').length} rollout(s) running`];
  lines.push(
    `  gateway:  ${runtime.gatewayUrl}  (set Host to a Service, VirtualService host or HTTPRoute hostname, e.g. curl -H 'Host: web' ${runtime.gatewayUrl}/)`,
  );
  for (const rollout of runtime.store.list('Rollout'))
    for (const note of localRoutingNotes(rollout))
      lines.push(`  note: Rollout ${rollout.metadata.namespace ?? 'default'}/${rollout.metadata.name}: ${note}`);
  for (const service of runtime.store.list('Service')) {
    const namespace = service.metadata.namespace ?? 'default';
    const name = service.metadata.name ?? '';
    for (const port of service.spec.ports ?? []) {
      const address = runtime.mesh.serviceAddress(namespace, name, port.port);
      if (address)
        lines.push(`  service:  ${namespace}/${name}:${port.port} -> http://${address.host}:${address.port}`);
    }
  }
  lines.push(`  metrics:  ${runtime.metricsUrl}`);
  if (runtime.prometheusUrl) lines.push(`  prometheus: ${runtime.prometheusUrl}`);
  lines.push(`  API:      ${runtime.apiUrl}  (mutations need the token in ${tokenFile(runtime.stateDir)})`);
  lines.push(`  state:    ${runtime.stateDir}/`);
  lines.push('Change it with "sluice apply -f ...", stop with Ctrl-C.');
  return lines.join('\n');
}
