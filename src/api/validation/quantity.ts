// Kubernetes resource quantities (`500m`, `2`, `128Mi`, `1e3`) as numbers, to compare requests
// with limits. A float is precise enough for that comparison.

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([KMGTPE]i)|([numkMGTPE])|[eE]([+-]?(?:\d+(?:\.\d*)?|\.\d+)))?$/;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The value of a quantity, or undefined when it is not one. */
export function quantityValue(quantity: string | number): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : undefined;
  const match = QUANTITY.exec(quantity);
  if (!match) return undefined;
  const base = Number(match[1]);
  if (match[2] !== undefined) return base * (BINARY[match[2]] ?? 1);
  if (match[3] !== undefined) return base * (DECIMAL[match[3]] ?? 1);
  if (match[4] !== undefined) return base * 10 ** Number(match[4]);
  return base;
}
