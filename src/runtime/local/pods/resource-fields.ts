// `env[].valueFrom.resourceFieldRef` as kubelet resolves it: the container's (or the named
// container's) request or limit divided by `divisor` (default 1) and rounded up to a whole number;
// cpu in thousandths (`ceil(milli(cpu) / milli(divisor))`), memory, ephemeral storage and huge pages
// in units (`ceil(value / divisor)`). A request left out is its limit (the API server's defaulting);
// a cpu, memory or ephemeral-storage limit left out is the node's allocatable, which for the local
// runtime is this machine's (see docs/local-pods.md).
import type { Container } from '../../../api/types/pod.ts';

/** What the node offers, for limits a container does not set. */
export interface NodeAllocatable {
  /** Cores. */
  cpu: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
}

export interface ResourceFieldRef {
  containerName?: string;
  resource?: string;
  divisor?: string | number;
}

/** An exact quantity: numerator / denominator. */
interface Exact {
  numerator: bigint;
  denominator: bigint;
}

// As resource.ParseQuantity reads them: the digits on either side of the point may be left out (`.`
// and `.5Mi` are quantities), nothing may surround the quantity (no blanks).
const QUANTITY = /^([+-]?)(\d*(?:\.\d*)?)(?:([KMGTPE]i)|([numkMGTPE])|[eE]([+-]?\d+))?$/;
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** A Kubernetes quantity (`500m`, `1.5Gi`, `2e3`, `128974848`), exactly; undefined when it is not one. */
export function parseQuantity(quantity: string | number): Exact | undefined {
  const text = String(quantity);
  const match = text === '' ? null : QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign = '', digits = '', binary, decimal, exponent] = match;
  const [whole = '', fraction = ''] = digits.split('.');
  let numerator = BigInt(`${whole || '0'}${fraction}`) * (sign === '-' ? -1n : 1n);
  let denominator = 10n ** BigInt(fraction.length);
  const power = binary !== undefined ? undefined : decimal !== undefined ? DECIMAL[decimal] : Number(exponent ?? 0);
  // Without a digit (`.`, `-.e3`) Go reads zero only on its fast path, taken down to nano scale;
  // below it the text goes to inf.Dec, which refuses it (`.e-20`).
  if (whole === '' && fraction === '' && power !== undefined && power < -9) return undefined;
  if (binary !== undefined) numerator *= 2n ** BigInt(BINARY[binary] ?? 0);
  else if (power !== undefined && power >= 0) numerator *= 10n ** BigInt(power);
  else if (power !== undefined) denominator *= 10n ** BigInt(-power);
  return { numerator, denominator };
}

/** ceil(quantity * 10^scale), as Quantity.ScaledValue rounds (MilliValue: scale 3, Value: 0). */
function scaledCeil(quantity: Exact, scale: number): bigint {
  const numerator = quantity.numerator * 10n ** BigInt(scale);
  const quotient = numerator / quantity.denominator;
  return numerator % quantity.denominator > 0n ? quotient + 1n : quotient;
}

function ceilDivide(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

function sameQuantity(a: Exact, b: Exact | undefined): boolean {
  return b !== undefined && a.numerator * b.denominator === b.numerator * a.denominator;
}

/** The divisors the API server accepts for each resource. */
const CPU_DIVISORS = ['1m', '1'];
const BYTE_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];

const SUPPORTED =
  'limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory, requests.ephemeral-storage, limits.hugepages-<size> or requests.hugepages-<size>';

/** The variable's value, or what is wrong with the reference. */
export function resourceFieldValue(
  ref: ResourceFieldRef,
  container: Container,
  containers: readonly Container[],
  node: NodeAllocatable,
): { value: string } | { problem: string } {
  const named = ref.containerName ? containers.find((c) => c.name === ref.containerName) : container;
  if (!named)
    return {
      problem: `resourceFieldRef names container "${ref.containerName}", which the pod does not have; name one of ${containers.map((c) => `"${c.name}"`).join(', ')}`,
    };
  const match = /^(limits|requests)\.(cpu|memory|ephemeral-storage|hugepages-.+)$/.exec(ref.resource ?? '');
  if (!match) return { problem: `resourceFieldRef resource "${ref.resource ?? ''}" is not one of ${SUPPORTED}` };
  const part = match[1] as 'limits' | 'requests';
  const resource = match[2] ?? '';
  const isCpu = resource === 'cpu';
  const allowed = isCpu ? CPU_DIVISORS : BYTE_DIVISORS;
  const divisorText = ref.divisor === undefined || ref.divisor === '' ? '1' : String(ref.divisor);
  let divisor = parseQuantity(divisorText);
  // Zero means the default, 1; the API server takes any spelling of an allowed divisor (`1000m` is `1`).
  if (divisor?.numerator === 0n) divisor = { numerator: 1n, denominator: 1n };
  if (!divisor || !allowed.some((text) => sameQuantity(divisor, parseQuantity(text))))
    return {
      problem: `resourceFieldRef divisor "${divisorText}" is not valid for ${ref.resource}: use one of ${allowed.join(', ')}`,
    };
  const resources = (named.resources ?? {}) as { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
  const limit = resources.limits?.[resource];
  const set = part === 'limits' ? limit : (resources.requests?.[resource] ?? limit);
  let quantity: Exact | undefined;
  if (set !== undefined && set !== null) {
    quantity = parseQuantity(set as string | number);
    if (!quantity)
      return { problem: `${part}.${resource} of container "${named.name}" is "${String(set)}", which is no quantity` };
  } else if (part === 'limits' && !resource.startsWith('hugepages-')) {
    quantity = allocatable(resource, node);
  } else {
    quantity = { numerator: 0n, denominator: 1n };
  }
  // Whole numbers throughout (kubelet divides in float64, which differs only past 2^53).
  const scale = isCpu ? 3 : 0;
  const amount = scaledCeil(quantity, scale);
  if (amount <= 0n) return { value: '0' };
  return { value: String(ceilDivide(amount, scaledCeil(divisor, scale))) };
}

function allocatable(resource: string, node: NodeAllocatable): Exact {
  const amount = resource === 'cpu' ? node.cpu : resource === 'memory' ? node.memoryBytes : node.ephemeralStorageBytes;
  return parseQuantity(String(amount)) ?? { numerator: 0n, denominator: 1n };
}
