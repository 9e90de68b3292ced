// How a container reaches the mesh gateway, which listens on the host's loopback, to use it as
// its HTTP proxy (calls to cluster DNS names, docs/local-pods.md):
// - docker, and podman run by root: containers sit on the engine's default bridge (docker0,
//   podman's `podman` network) and the host's loopback is out of their reach, so a relay listens
//   on the host's address on that bridge and forwards each connection to the loopback port of the
//   mesh-only gateway (mesh-gateway.ts: it serves the mesh's hosts, passes a request or a CONNECT
//   tunnel on to other hosts, but never to this machine, such as its loopback-only services:
//   mesh/egress-guard.ts). The relay
//   listens on that address only (not on every interface) and takes connections only from
//   addresses inside the bridge's subnet (a machine of the LAN routing to the bridge's address is
//   turned away); any container on that bridge, sluice's or not, can use it (docs/local-mesh.md).
// - rootless podman: its containers cannot use a bridge of the host; they run on the slirp4netns
//   network with allow_host_loopback, where 10.0.2.2 is the host's loopback; nothing else listens.
//   (Published ports are then served by a userland forwarder: see docs/local-pods.md on probes.)
import net from 'node:net';
import type { ContainerEngine } from './container-engine.ts';

/** What a container of an engine needs to use the mesh gateway as its HTTP proxy. */
export interface ContainerMeshProxy {
  /** The gateway's address as the container reaches it (its proxy URL is made from it, cluster-names.ts). */
  gateway: { host: string; port: number };
  /** Extra `run` flags (podman's network). */
  runArgs: string[];
}

/** How a podman container reaches the host's loopback (slirp4netns with allow_host_loopback). */
const PODMAN_HOST_LOOPBACK = '10.0.2.2';

export function podmanMeshProxy(gatewayPort: number): ContainerMeshProxy {
  return {
    gateway: { host: PODMAN_HOST_LOOPBACK, port: gatewayPort },
    runArgs: ['--network', 'slirp4netns:allow_host_loopback=true'],
  };
}

/** A relay on an engine's bridge: the proxy's URL for containers, and how to close it. */
export interface BridgeRelay {
  proxy: ContainerMeshProxy;
  close(): Promise<void>;
}

type RunEngine = (engine: ContainerEngine, args: string[]) => Promise<{ exitCode: number; output: string }>;

/** The engine's default network, and its subnets and gateways as `network inspect --format` gives them. */
const DEFAULT_BRIDGE = {
  docker: { network: 'bridge', format: '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{println}}{{end}}' },
  podman: { network: 'podman', format: '{{range .Subnets}}{{.Subnet}} {{.Gateway}}{{println}}{{end}}' },
} as const;

/**
 * The addresses the host may have on the engine's default bridge (docker0, cni-podman0): the
 * bridge's gateway when the engine names it, else the first address of its subnet (where the
 * engines put the gateway). Only a listen on one tells whether it is this machine's (a daemon in a
 * VM or on another machine has its bridge elsewhere); the interface list does not, since a bridge
 * is down while no container runs on it. An error says why there is none.
 */
export async function bridgeAddresses(
  engine: ContainerEngine,
  runEngine: RunEngine,
): Promise<{ addresses: string[]; subnets: string[] } | { error: string }> {
  const { network, format } = DEFAULT_BRIDGE[engine.name];
  const { exitCode, output } = await runEngine(engine, ['network', 'inspect', network, '--format', format]);
  if (exitCode !== 0)
    return {
      error: `"${engine.name} network inspect ${network}" failed (${output.trim() || `exit code ${exitCode}`})`,
    };
  const addresses: string[] = [];
  const subnets: string[] = [];
  for (const line of output.split('\n')) {
    const [subnet, gateway] = line.trim().split(/\s+/);
    const address = gateway && ipv4Number(gateway) !== undefined ? gateway : firstHost(subnet ?? '');
    if (address && !addresses.includes(address)) addresses.push(address);
    if (address && subnet && !subnets.includes(subnet)) subnets.push(subnet);
  }
  if (addresses.length === 0)
    return {
      error: `${engine.name}'s default network has no IPv4 subnet ("${output.trim()}" from ${engine.name} network inspect ${network})`,
    };
  return { addresses, subnets };
}

/** Whether an IPv4 address (or an IPv4-mapped IPv6 one, `::ffff:a.b.c.d`) is inside an IPv4 subnet. */
export function inSubnet(address: string, cidr: string): boolean {
  const ip = ipv4Number(address.replace(/^::ffff:/i, ''));
  const [base, bits] = cidr.split('/');
  const network = base === undefined ? undefined : ipv4Number(base);
  const prefix = Number(bits);
  if (ip === undefined || network === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (ip & mask) >>> 0 === (network & mask) >>> 0;
}

/** The first host address of an IPv4 subnet (`172.17.0.0/16` gives 172.17.0.1). */
export function firstHost(cidr: string): string | undefined {
  const [base, bits] = cidr.split('/');
  const network = base === undefined ? undefined : ipv4Number(base);
  const prefix = Number(bits);
  if (network === undefined || !Number.isInteger(prefix) || prefix < 1 || prefix > 30) return undefined;
  const mask = (0xffffffff << (32 - prefix)) >>> 0;
  const first = ((network & mask) >>> 0) + 1;
  return [24, 16, 8, 0].map((shift) => (first >>> shift) & 0xff).join('.');
}

function ipv4Number(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export interface BridgeRelayOptions {
  /** The subnets (CIDR) whose addresses may connect: the bridge's own; any other peer is turned away. */
  peers: readonly string[];
  /** Where an error of the listening relay is told (`sluice run`'s log). */
  log?: (line: string) => void;
}

/**
 * Listens on `host` and pipes every connection from a peer inside `peers` to the (mesh-only)
 * gateway's loopback port. It takes the gateway's port number when free there (so a runtime
 * started again with the same gateway port serves the containers it adopts at the address they
 * were given), else a free port.
 */
export async function startBridgeRelay(
  host: string,
  gatewayPort: number,
  options: BridgeRelayOptions,
): Promise<BridgeRelay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const peer = inbound.remoteAddress ?? '';
    if (!options.peers.some((subnet) => inSubnet(peer, subnet))) {
      inbound.on('error', () => undefined);
      inbound.destroy();
      return;
    }
    const outbound = net.connect({ host: '127.0.0.1', port: gatewayPort });
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // A reset on one side ends the other; the client sees its request fail as it would at the gateway.
      socket.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(gatewayPort).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') return listen(0);
    throw error;
  });
  // Once listening, an error (an accept failing for want of file descriptors, EMFILE) must not end
  // the runtime: it is told, and the relay goes on taking connections.
  server.on('error', (error: NodeJS.ErrnoException) =>
    options.log?.(`the mesh relay on ${host}:${port}: ${error.code ?? error.message} (${error.message})`),
  );
  return {
    proxy: { gateway: { host, port }, runArgs: [] },
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
