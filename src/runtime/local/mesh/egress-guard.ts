// Where the mesh-only gateway (the proxy of containers) may pass a request for a host outside the
// mesh on to: anywhere a pod of a cluster reaches directly (a public API, a database of the LAN),
// except this machine itself, whose loopback-only services a container must not reach through
// the proxy. The name is resolved once; the request is refused when any of its addresses is the
// host's (loopback, link-local, unspecified, or an address of one of its interfaces), and the
// connection then goes to the very address checked, so a name that resolves differently a moment
// later (DNS rebinding) cannot lead elsewhere.
import { promises as dns } from 'node:dns';
import net from 'node:net';
import os from 'node:os';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** How the guard resolves a name, and which addresses are this machine's. */
export interface EgressResolver {
  /** Every address the name resolves to (an address literal resolves to itself). */
  lookup?: (hostname: string) => Promise<readonly ResolvedAddress[]>;
  /** The addresses of this machine's interfaces (bridges included), read at each request. */
  interfaceAddresses?: () => readonly string[];
}

export type EgressDecision = { kind: 'allowed'; to: ResolvedAddress } | { kind: 'refused'; reason: string };

/** Addresses that are this machine whatever its interfaces: loopback, link-local, unspecified. */
const HOST_ITSELF: ReadonlyArray<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['::1', 128, 'ipv6', 'a loopback address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address (the cloud metadata address among them)'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['0.0.0.0', 8, 'ipv4', 'an unspecified address (it reaches this machine)'],
  ['::', 128, 'ipv6', 'an unspecified address (it reaches this machine)'],
];

const hostItself = HOST_ITSELF.map(([prefix, bits, family, what]) => {
  const list = new net.BlockList();
  list.addSubnet(prefix, bits, family);
  return { list, what };
});

function familyOf(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = net.isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** Drops an IPv6 zone (`fe80::1%eth0`), which BlockList does not parse. */
function withoutZone(address: string): string {
  const at = address.indexOf('%');
  return at < 0 ? address : address.slice(0, at);
}

/**
 * Why `address` is this machine (a phrase for the refusal), or undefined when it is not. `own` is
 * the addresses of this machine's interfaces. An IPv4 address written as IPv6 (`::ffff:127.0.0.1`)
 * counts as the IPv4 address; a string that is no IP address is refused.
 */
export function hostAddressReason(address: string, own: readonly string[]): string | undefined {
  const bare = withoutZone(address);
  const family = familyOf(bare);
  if (!family) return 'not an IP address';
  for (const { list, what } of hostItself) if (list.check(bare, family)) return what;
  const mine = new net.BlockList();
  for (const candidate of own) {
    const ownBare = withoutZone(candidate);
    const ownFamily = familyOf(ownBare);
    if (ownFamily) mine.addAddress(ownBare, ownFamily);
  }
  if (mine.check(bare, family)) return "an address of this machine's interfaces";
  // An IPv4-mapped address of the machine's own IPv4 addresses (BlockList maps only the other way).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped && mine.check(mapped[1]!, 'ipv4')) return "an address of this machine's interfaces";
  return undefined;
}

/**
 * The decision over every address a name resolved to: refused when any of them is this machine
 * (a name with one public and one loopback address must not be a way in), else allowed to the
 * first address, the one the connection must use.
 */
export function decideEgress(
  hostname: string,
  addresses: readonly ResolvedAddress[],
  own: readonly string[],
): EgressDecision {
  const first = addresses[0];
  if (!first) return { kind: 'refused', reason: `host '${hostname}' resolves to no address` };
  for (const { address } of addresses) {
    const why = hostAddressReason(address, own);
    if (why)
      return {
        kind: 'refused',
        reason: `host '${hostname}' resolves to ${address}, ${why}: the mesh gateway for containers does not lead to this machine (call a service of the host through a Service of the mesh)`,
      };
  }
  return { kind: 'allowed', to: first };
}

async function systemLookup(hostname: string): Promise<readonly ResolvedAddress[]> {
  const found = await dns.lookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

function systemInterfaceAddresses(): string[] {
  return Object.values(os.networkInterfaces()).flatMap((entries) => (entries ?? []).map((entry) => entry.address));
}

/** A URL's or CONNECT target's host without the brackets of an IPv6 literal. */
export function bareHostname(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Resolves `hostname` once and decides. A name that does not resolve is refused with the
 * resolver's error (the caller answers 502: nothing was reached).
 */
export async function checkEgress(
  hostname: string,
  resolver: EgressResolver = {},
): Promise<EgressDecision | { kind: 'unresolved'; reason: string }> {
  const name = bareHostname(hostname);
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await (resolver.lookup ?? systemLookup)(name);
  } catch (error) {
    return { kind: 'unresolved', reason: `host '${name}' does not resolve: ${(error as Error).message}` };
  }
  return decideEgress(name, addresses, (resolver.interfaceAddresses ?? systemInterfaceAddresses)());
}
