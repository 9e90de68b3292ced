// The container engine (podman or docker) that runs images the catalogue does not know. It is
// found on PATH; an image runs as a container only when it is already among the engine's local
// images: the local runtime never pulls (`podman build` or `podman load` it first).
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {
  bridgeAddresses,
  podmanMeshProxy,
  startBridgeRelay,
  type BridgeRelay,
  type ContainerMeshProxy,
} from './engine-network.ts';

export type EngineName = 'podman' | 'docker';
/** `--container-engine`: auto (podman, else docker), one of them, or none (processes only). */
export type EngineChoice = EngineName | 'auto' | 'none';
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'podman', 'docker', 'none'];

export interface ContainerEngine {
  name: EngineName;
  /** The engine's executable (absolute). */
  program: string;
}

/** What the runtime knows of an image that the catalogue does not list. */
export interface EngineImage {
  /** The engine found, or undefined (with why) when none is. */
  engine: ContainerEngine | undefined;
  /** Why no engine is used: not found on PATH, or turned off. */
  missing?: string;
  /** The image is among the engine's local images. */
  present: boolean;
}

/** Looks up the images of pods for the local runtime; one per runtime. */
export interface ContainerImages {
  lookup(image: string): Promise<EngineImage>;
  /** Tells once that an image runs as a process, from the image catalogue. */
  catalogued(image: string): void;
  /**
   * How the engine's containers reach the mesh-only gateway (on the host's loopback `gatewayPort`)
   * as their HTTP proxy; undefined, said once through the log, when they cannot.
   */
  meshProxy(gatewayPort: number): Promise<ContainerMeshProxy | undefined>;
  /** Closes what `meshProxy` started (the bridge relay). */
  close(): Promise<void>;
}

/** The engine on PATH for a choice; `none` and an engine not found give undefined with the reason. */
export function findEngine(
  choice: EngineChoice,
  searchPath = process.env['PATH'] ?? '',
): { engine: ContainerEngine } | { missing: string } {
  if (choice === 'none') return { missing: 'container engines are turned off (--container-engine none)' };
  const names: EngineName[] = choice === 'auto' ? ['podman', 'docker'] : [choice];
  for (const name of names) {
    const program = onPath(name, searchPath);
    if (program) return { engine: { name, program } };
  }
  return {
    missing: `no ${names.join(' or ')} found on PATH (install podman, e.g. "apt-get install podman", to run images as containers)`,
  };
}

function onPath(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Runs the engine with arguments; resolves with its exit code and output (never rejects). */
export function runEngine(
  engine: ContainerEngine,
  args: string[],
  timeoutMs = 30_000,
): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(engine.program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: 127, output: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? 137, output });
    });
  });
}

/** Whether the image is among the engine's local images (`image inspect` works on podman and docker). */
export async function imagePresent(engine: ContainerEngine, image: string): Promise<boolean> {
  const { exitCode } = await runEngine(engine, ['image', 'inspect', '--format', '{{.Id}}', image]);
  return exitCode === 0;
}

/**
 * Removes a container of that name left by a runtime or run command that was killed, before a new
 * one starts: docker refuses a second container of a name in use (podman's `--replace` does this).
 */
export async function removeLeftoverContainer(engine: ContainerEngine, name: string): Promise<void> {
  if (engine.name === 'docker') await removeContainer(engine, name);
}

/**
 * A running docker container's address on its network, or undefined. Probes of a tcpSocket use it:
 * docker's userland proxy accepts a connection on a published port even when nothing listens
 * inside the container, so only the container's own address tells whether its port is open.
 */
export async function containerAddress(engine: ContainerEngine, name: string): Promise<string | undefined> {
  const format = '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}';
  const { exitCode, output } = await runEngine(engine, ['container', 'inspect', '--format', format, name]);
  if (exitCode !== 0) return undefined;
  return output
    .trim()
    .split(/\s+/)
    .find((address) => address !== '');
}

/** Removes a container, stopping it at once (after its run command was stopped or killed); errors are ignored. */
export async function removeContainer(engine: ContainerEngine, name: string): Promise<void> {
  // podman waits its stop timeout before the kill unless told not to; docker's rm --force kills at once.
  await runEngine(engine, engine.name === 'podman' ? ['rm', '--force', '--time', '0', name] : ['rm', '--force', name]);
}

/**
 * The runtime's image lookup: the engine is found once; each image is looked up when a pod
 * starts (an image built or loaded while the runtime runs is found by the next pod). The first
 * lookup of each image is reported through `log`, so `sluice run` says what runs each image.
 */
export function containerImages(choice: EngineChoice, log: (line: string) => void = () => undefined): ContainerImages {
  const found = findEngine(choice);
  const told = new Map<string, boolean>();
  const relays = new Map<number, Promise<BridgeRelay | undefined>>();
  // A relay that cannot start is tried again for each container: its reason is said once.
  const saidOnce = new Set<string>();
  const sayOnce = (line: string) => {
    if (saidOnce.has(line)) return;
    saidOnce.add(line);
    log(line);
  };
  const relayFor = async (engine: ContainerEngine, gatewayPort: number): Promise<BridgeRelay | undefined> => {
    const cannot = `${engine.name} containers cannot reach the mesh gateway through the ${engine.name} bridge`;
    const fallback =
      engine.name === 'podman' ? 'they use the slirp4netns network' : 'their calls to cluster DNS names fail';
    const bridge = await bridgeAddresses(engine, runEngine);
    if ('error' in bridge) {
      sayOnce(`${cannot}, so ${fallback}: ${bridge.error}`);
      return undefined;
    }
    const failures: string[] = [];
    for (const address of bridge.addresses) {
      try {
        return await startBridgeRelay(address, gatewayPort, { peers: bridge.subnets, log });
      } catch (error) {
        failures.push(`${address}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
    sayOnce(
      `${cannot}, so ${fallback}: the relay could not listen on its default network (${failures.join(', ')}); ` +
        `that needs the ${engine.name} service on this machine, with its default network`,
    );
    return undefined;
  };
  return {
    async meshProxy(gatewayPort) {
      if ('missing' in found) return undefined;
      // Rootless podman has no bridge on the host: slirp4netns reaches the host's loopback.
      const rootful = process.getuid?.() === 0;
      if (found.engine.name === 'podman' && !rootful) return podmanMeshProxy(gatewayPort);
      let relay = relays.get(gatewayPort);
      if (!relay) {
        const starting = relayFor(found.engine, gatewayPort);
        relay = starting;
        relays.set(gatewayPort, starting);
        // A relay that could not start (the engine's service not up yet, the address not there
        // yet) is tried again by the next container that starts, not given up for the whole run.
        void starting.then((started) => {
          if (!started && relays.get(gatewayPort) === starting) relays.delete(gatewayPort);
        });
      }
      const proxy = (await relay)?.proxy;
      return proxy ?? (found.engine.name === 'podman' ? podmanMeshProxy(gatewayPort) : undefined);
    },
    async close() {
      const started = await Promise.all(relays.values());
      relays.clear();
      await Promise.all(started.map((relay) => relay?.close()));
    },
    catalogued(image) {
      if (told.has(image)) return;
      told.set(image, false);
      log(`image ${image}: runs as a process (listed in the image catalogue)`);
    },
    async lookup(image) {
      if ('missing' in found) {
        if (!told.has(image)) {
          told.set(image, false);
          log(`image ${image}: not in the image catalogue, and ${found.missing}`);
        }
        return { engine: undefined, missing: found.missing, present: false };
      }
      const present = await imagePresent(found.engine, image);
      if (told.get(image) !== present) {
        told.set(image, present);
        log(
          present
            ? `image ${image}: runs as a ${found.engine.name} container (not in the image catalogue, found among ${found.engine.name}'s images)`
            : `image ${image}: not in the image catalogue nor among ${found.engine.name}'s images`,
        );
      }
      return { engine: found.engine, present };
    },
  };
}
