// The `rollouts-pod-template-hash` of a pod template: FNV-1a (32 bit) over a canonical JSON
// encoding (keys sorted, so key order in the manifest never changes the hash), plus the
// collision count, written in the same alphabet as Kubernetes' SafeEncodeString.
// See docs/adr/0003-pod-template-hash.md for why this is not Argo's byte-for-byte hash.

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Kubernetes' rand.SafeEncodeString: each character mapped into an alphabet without vowels. */
export function safeEncode(text: string): string {
  let out = '';
  for (const char of text) out += SAFE_ALPHABET[char.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}

export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const seed = collisionCount > 0 ? `${canonicalJson(template)}#${collisionCount}` : canonicalJson(template);
  return safeEncode(String(fnv32a(seed)));
}

/** Argo's currentStepHash: a hash of the canary steps, so an edited step list restarts the steps. */
export function stepsHash(steps: unknown): string {
  return safeEncode(String(fnv32a(canonicalJson(steps ?? null))));
}
