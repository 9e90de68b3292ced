// Property: any body, cut into any chunks with or without extensions and trailers, and delivered in
// any pieces, decodes to the same bytes, and decoding stops right after the chunked body.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { ChunkedDecoder } from '../../../../src/platform/http/chunked-decoder.ts';

function encode(chunks: Buffer[], extension: boolean, upper: boolean, trailers: string[]): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of chunks) {
    const size = upper ? chunk.length.toString(16).toUpperCase() : chunk.length.toString(16);
    parts.push(Buffer.from(`${size}${extension ? ';ext="a b"' : ''}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0\r\n${trailers.map((t) => `${t}\r\n`).join('')}\r\n`));
  return Buffer.concat(parts);
}

it('decodes any chunking delivered in any pieces', () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { maxLength: 6 }),
      fc.boolean(),
      fc.boolean(),
      fc.array(fc.constantFrom('X-Sum: 1', 'Expires: never'), { maxLength: 2 }),
      fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
      (chunks, extension, upper, trailers, cuts) => {
        const body = chunks.map((c) => Buffer.from(c));
        const after = Buffer.from('NEXT');
        const wire = Buffer.concat([encode(body, extension, upper, trailers), after]);
        const decoder = new ChunkedDecoder();
        const out: Buffer[] = [];
        let at = 0;
        let stoppedAt = -1;
        for (let i = 0; at < wire.length && stoppedAt < 0; i++) {
          const piece = wire.subarray(at, Math.min(wire.length, at + (cuts[i % cuts.length] ?? 1)));
          const used = decoder.decode(piece, 0, (data) => out.push(Buffer.from(data)));
          if (decoder.done) stoppedAt = at + used;
          at += piece.length;
        }
        assert.deepEqual(Buffer.concat(out), Buffer.concat(body));
        assert.equal(stoppedAt, wire.length - after.length);
      },
    ),
  );
});
