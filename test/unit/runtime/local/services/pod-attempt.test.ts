import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endToEndHeaders } from '../../../../../src/runtime/local/services/pod-attempt.ts';

describe('end-to-end response headers', () => {
  it('drops hop-by-hop fields in any case and keeps the rest in order', () => {
    const raw = [
      'Content-Type',
      'text/plain',
      'Connection',
      'keep-alive',
      'Keep-Alive',
      'timeout=5',
      'Set-Cookie',
      'a=1',
      'TRANSFER-ENCODING',
      'chunked',
      'set-cookie',
      'b=2',
    ];
    assert.deepEqual(endToEndHeaders(raw), ['Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2']);
  });

  it('returns the list itself when nothing is dropped', () => {
    const raw = ['Content-Type', 'text/plain', 'X-Pod', 'a'];
    assert.equal(endToEndHeaders(raw), raw);
  });
});
