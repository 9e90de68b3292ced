import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson, fnv32a, podTemplateHash, safeEncode, stepsHash } from '../../../src/api/pod-template-hash.ts';

const template = {
  metadata: { labels: { app: 'colorapi' } },
  spec: { containers: [{ name: 'app', image: 'colorapi:red', ports: [{ containerPort: 8080 }] }] },
};

test('FNV-1a 32 matches its published test vectors', () => {
  assert.equal(fnv32a(''), 0x811c9dc5);
  assert.equal(fnv32a('a'), 0xe40c292c);
  assert.equal(fnv32a('foobar'), 0xbf9cf968);
});

test('safe encoding uses only the vowel-free alphabet', () => {
  assert.match(safeEncode('1234567890'), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
});

test('the hash does not depend on key order', () => {
  const reordered = {
    spec: { containers: [{ ports: [{ containerPort: 8080 }], image: 'colorapi:red', name: 'app' }] },
    metadata: { labels: { app: 'colorapi' } },
  };
  assert.equal(podTemplateHash(reordered), podTemplateHash(template));
});

test('any change to the template changes the hash', () => {
  const changed = structuredClone(template);
  changed.spec.containers[0]!.image = 'colorapi:blue';
  assert.notEqual(podTemplateHash(changed), podTemplateHash(template));
});

test('the collision count changes the hash', () => {
  assert.notEqual(podTemplateHash(template, 1), podTemplateHash(template, 0));
});

test('the hash is stable across runs (a fixed value)', () => {
  // A change here would relabel every ReplicaSet sluice manages: treat it as a breaking change.
  assert.equal(podTemplateHash(template), podTemplateHash(JSON.parse(JSON.stringify(template))));
  assert.match(podTemplateHash(template), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
});

test('undefined fields are ignored, as they are absent in JSON', () => {
  assert.equal(canonicalJson({ a: 1, b: undefined }), canonicalJson({ a: 1 }));
});

test('property: canonical JSON is independent of key insertion order', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
      const reversed = Object.fromEntries(Object.entries(record).reverse());
      return canonicalJson(record) === canonicalJson(reversed);
    }),
  );
});

test('the steps hash changes when a step changes', () => {
  assert.notEqual(stepsHash([{ setWeight: 20 }]), stepsHash([{ setWeight: 30 }]));
  assert.equal(stepsHash([{ setWeight: 20 }]), stepsHash([{ setWeight: 20 }]));
});

/** The hash's definition, written plainly: FNV-1a over the UTF-8 bytes, of JSON with sorted keys. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
}

function referenceFnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

test('canonical JSON and FNV-1a agree with their plain definitions over generated values (ASCII or not)', () => {
  const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));
  const value = fc.letrec((tie) => ({
    leaf: fc.oneof(text, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null)),
    node: fc.oneof(
      { depthSize: 'small' },
      tie('leaf'),
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(text, fc.oneof(tie('node'), fc.constant(undefined)), { maxKeys: 5 }),
    ),
  })).node;
  fc.assert(
    fc.property(value, text, (generated, plain) => {
      assert.equal(canonicalJson(generated), referenceCanonicalJson(generated));
      assert.equal(fnv32a(plain), referenceFnv32a(plain));
      assert.equal(fnv32a(canonicalJson(generated)), referenceFnv32a(referenceCanonicalJson(generated)));
    }),
    { numRuns: 500 },
  );
});
