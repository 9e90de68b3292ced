// Finds a secret in a text in any form a test can decode, independently of sluice's redactor: as
// is, JSON-unescaped (twice), percent-decoded (with "+" as a space or not), and base64/base64url
// decoded at every offset. A leak is any piece of 6 characters of the secret (or all of a shorter
// one) in one of those readings, so a part of a secret counts as well as the whole.
import { Buffer } from 'node:buffer';

/** A special-character secret for tests: every escaping and encoding changes it. */
export const AWKWARD_SECRET = `p&ss w0rd@1<x>"'\\/%+é`;

export function secretLeaks(text: string, secret: string, pieceLength = 6): string[] {
  const pieces = new Set<string>();
  const chars = [...secret];
  const length = Math.min(pieceLength, chars.length);
  for (let start = 0; start + length <= chars.length; start++) pieces.add(chars.slice(start, start + length).join(''));
  const leaks: string[] = [];
  for (const { how, reading } of readings(text)) {
    for (const piece of pieces) {
      const at = reading.indexOf(piece);
      if (at >= 0) {
        leaks.push(
          `${how}: ${JSON.stringify(piece)} in ...${JSON.stringify(reading.slice(Math.max(0, at - 40), at + piece.length + 40))}...`,
        );
        break;
      }
    }
  }
  return leaks;
}

function readings(text: string): Array<{ how: string; reading: string }> {
  const out = [{ how: 'as is', reading: text }];
  const once = jsonUnescape(text);
  out.push({ how: 'JSON-unescaped', reading: once }, { how: 'JSON-unescaped twice', reading: jsonUnescape(once) });
  for (const base of [text, once]) {
    out.push(
      { how: 'percent-decoded', reading: percentDecode(base, false) },
      { how: 'form-decoded', reading: percentDecode(base, true) },
    );
  }
  for (const run of text.match(/[A-Za-z0-9+/_=-]{8,}/g) ?? []) {
    for (let offset = 0; offset < 4; offset++) {
      const slice = run.slice(offset).replace(/=+$/, '');
      for (const alphabet of ['base64', 'base64url'] as const) {
        const normalised = alphabet === 'base64' ? slice.replace(/[-_]/g, '') : slice.replace(/[+/]/g, '');
        out.push({
          how: `${alphabet} at offset ${offset}`,
          reading: Buffer.from(normalised.slice(0, normalised.length - (normalised.length % 4)), alphabet).toString(
            'latin1',
          ),
        });
        out.push({
          how: `${alphabet} at offset ${offset} (utf8)`,
          reading: Buffer.from(normalised.slice(0, normalised.length - (normalised.length % 4)), alphabet).toString(
            'utf8',
          ),
        });
      }
    }
  }
  return out;
}

function jsonUnescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/bfnrt])/g, (_match, code: string) => {
    if (code.startsWith('u')) return String.fromCharCode(parseInt(code.slice(1), 16));
    return (
      ({ '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[
        code
      ] ?? code
    );
  });
}

function percentDecode(text: string, plusAsSpace: boolean): string {
  const spaced = plusAsSpace ? text.replace(/\+/g, ' ') : text;
  return spaced.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return Buffer.from(run.replace(/%/g, ''), 'hex').toString('latin1');
    }
  });
}
