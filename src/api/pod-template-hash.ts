// The `rollouts-pod-template-hash` of a pod template: FNV-1a (32 bit) over a canonical JSON
// encoding (keys sorted, so key order in the manifest never changes the hash), plus the
// collision count, written in the same alphabet as Kubernetes' SafeEncodeString.
// See docs/adr/0003-pod-template-hash.md for why this is not Argo's byte-for-byte hash.
// The hash of a frozen value (deepFreeze: the controller's templates and steps as read from its
// caches) is remembered by the value's identity: a pass decides two to four times from one template.
import { isFrozenObject } from './deep-freeze.ts';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  // Keys in UTF-16 code unit order (sort's default for strings); undefined values left out.
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const field = record[key];
    if (field === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(field)}`;
  }
  return `${out}}`;
}

const encoder = new TextEncoder();

/** FNV-1a over the UTF-8 bytes of `text` (an ASCII text is its own bytes: nothing is encoded). */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0x80) return fnv32aBytes(encoder.encode(text));
    hash ^= code;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function fnv32aBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) {
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

/** Hashes of frozen templates (with the collision count they were made with) and step lists. */
const templateHashes = new WeakMap<object, { collisionCount: number; hash: string }>();
const stepsHashes = new WeakMap<object, string>();

export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const frozen = isFrozenObject(template);
  if (frozen) {
    const known = templateHashes.get(template);
    if (known?.collisionCount === collisionCount) return known.hash;
  }
  const seed = collisionCount > 0 ? `${canonicalJson(template)}#${collisionCount}` : canonicalJson(template);
  const hash = safeEncode(String(fnv32a(seed)));
  if (frozen) templateHashes.set(template, { collisionCount, hash });
  return hash;
}

/** Argo's currentStepHash: a hash of the canary steps, so an edited step list restarts the steps. */
export function stepsHash(steps: unknown): string {
  const frozen = isFrozenObject(steps);
  const known = frozen ? stepsHashes.get(steps) : undefined;
  if (known !== undefined) return known;
  const hash = safeEncode(String(fnv32a(canonicalJson(steps ?? null))));
  if (frozen) stepsHashes.set(steps, hash);
  return hash;
}
