// Hides secret values in every form they can take on the way to status, events, logs and the CLI.
// A secret sent to a server comes back changed: JSON-escaped in a body (as JSON.stringify or Go
// write it, with <>& and non-ASCII as \uXXXX, "/" as "\/", or escaped twice), percent-encoded in a
// URL (encodeURIComponent, form encoding with "+", or the URL parser's own sets for the path,
// query and user info), or base64 in an Authorization header (`user:secret`, at any offset). Each
// secret is replaced whole in each of these forms. A server that quotes only a piece of a secret
// (one word of it in a parse error) is beyond what can be recognised; providers that echo their
// own input in errors must leave out input that holds a secret.

export const REDACTED = '*****';

/** Replaces every form of every secret value in a text with `*****`. */
export type Redact = (text: string) => string;

/** Redactors built lately, by their secrets: a run is reconciled again and again with the same ones. */
const recent = new Map<string, Redact>();
const RECENT_LIMIT = 64;

export function redactor(secretValues: readonly string[]): Redact {
  const secrets = [...new Set(secretValues.filter((value) => value !== ''))].sort();
  if (secrets.length === 0) return (text) => text;
  const key = JSON.stringify(secrets);
  const known = recent.get(key);
  if (known) return known;
  const built = buildRedactor(secrets);
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
  recent.set(key, built);
  return built;
}

function buildRedactor(secrets: readonly string[]): Redact {
  const patterns: RegExp[] = [];
  const literals = new Set<string>();
  for (const secret of secrets) {
    for (const form of textForms(secret)) literals.add(form);
    patterns.push(...base64Patterns(secret));
  }
  // Longest first, so a form that contains another (or another secret) is hidden whole.
  const ordered = [...literals].sort((a, b) => b.length - a.length);
  return (text) => {
    let redacted = ordered.reduce(
      (current, form) => (current.includes(form) ? current.split(form).join(REDACTED) : current),
      text,
    );
    for (const pattern of patterns) redacted = redacted.replace(pattern, REDACTED);
    return redacted;
  };
}

/** The forms of a secret that are plain text: raw, JSON-escaped, percent-encoded. */
export function textForms(secret: string): string[] {
  const forms = new Set<string>();
  // Each plain form also inside JSON (a server echoing the URL it was asked for), once or twice.
  for (const plain of new Set([secret, ...urlForms(secret)])) {
    forms.add(plain);
    for (const json of jsonForms(plain)) {
      forms.add(json);
      forms.add(jsonEscape(json, {}));
      forms.add(jsonEscape(json, { html: true }));
    }
  }
  return [...forms].filter((form) => form !== '');
}

interface JsonEscapeOptions {
  /** As Go's encoding/json: <, >, & as \u003c, \u003e, \u0026. */
  html?: boolean;
  /** Every character past ASCII as \uXXXX (as Python's json.dumps). */
  ascii?: boolean;
  /** "/" as "\/" (as PHP's json_encode). */
  slash?: boolean;
  upperHex?: boolean;
}

function jsonEscape(text: string, options: JsonEscapeOptions): string {
  const hex = (code: number): string => {
    const digits = code.toString(16).padStart(4, '0');
    return `\\u${options.upperHex ? digits.toUpperCase() : digits}`;
  };
  let escaped = JSON.stringify(text).slice(1, -1);
  escaped = escaped.replace(/[\u2028\u2029]/g, (char) => hex(char.charCodeAt(0)));
  if (options.html) escaped = escaped.replace(/[<>&]/g, (char) => hex(char.charCodeAt(0)));
  if (options.ascii) escaped = escaped.replace(/[^\x00-\x7f]/g, (char) => hex(char.charCodeAt(0)));
  if (options.slash) escaped = escaped.replace(/\//g, '\\/');
  if (options.upperHex)
    escaped = escaped.replace(/\\u([0-9a-f]{4})/g, (_match, digits: string) => `\\u${digits.toUpperCase()}`);
  return escaped;
}

function jsonForms(secret: string): string[] {
  const forms = new Set<string>();
  for (const html of [false, true]) {
    for (const ascii of [false, true]) {
      for (const slash of [false, true]) {
        for (const upperHex of [false, true]) forms.add(jsonEscape(secret, { html, ascii, slash, upperHex }));
      }
    }
  }
  return [...forms];
}

// The URL standard's percent-encode sets, beyond C0 controls and non-ASCII (always encoded).
const FRAGMENT_SET = ' "<>`';
const QUERY_SET = ' "#<>';
const SPECIAL_QUERY_SET = `${QUERY_SET}'`;
const PATH_SET = `${QUERY_SET}?\`{}`;
const USERINFO_SET = `${PATH_SET}/:;=@[\\]^|`;
const COMPONENT_SET = `${USERINFO_SET}$%&+,`;
const FORM_SET = `${COMPONENT_SET}!'()~`;

function percentEncode(text: string, set: string, options: { spaceAsPlus?: boolean; lowerHex?: boolean } = {}): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (options.spaceAsPlus && char === ' ') out += '+';
    else if (code < 0x20 || code > 0x7e || set.includes(char)) {
      for (const byte of new TextEncoder().encode(char)) {
        const digits = byte.toString(16).padStart(2, '0');
        out += `%${options.lowerHex ? digits : digits.toUpperCase()}`;
      }
    } else out += char;
  }
  return out;
}

function urlForms(secret: string): string[] {
  const forms = new Set<string>();
  for (const lowerHex of [false, true]) {
    for (const set of [
      FRAGMENT_SET,
      QUERY_SET,
      SPECIAL_QUERY_SET,
      PATH_SET,
      `${PATH_SET}^`,
      USERINFO_SET,
      COMPONENT_SET,
    ]) {
      forms.add(percentEncode(secret, set, { lowerHex }));
      // In the path of an http(s) URL the parser turns "\" into "/".
      if (set === PATH_SET || set === `${PATH_SET}^`)
        forms.add(percentEncode(secret.replace(/\\/g, '/'), set, { lowerHex }));
    }
    forms.add(percentEncode(secret, FORM_SET, { spaceAsPlus: true, lowerHex }));
    forms.add(percentEncode(secret, COMPONENT_SET, { spaceAsPlus: true, lowerHex }));
    // encodeURIComponent leaves !'()*-._~ as they are; encodeURI also leaves the reserved characters.
    forms.add(percentEncode(secret, `${COMPONENT_SET}\\^|{}\``, { lowerHex }));
    forms.add(percentEncode(secret, ' "%<>[\\]^`{|}', { lowerHex }));
  }
  return [...forms];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let index = 0; index + 2 < bytes.length; index += 3) {
    const group = ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0);
    out += `${BASE64[(group >> 18) & 63]}${BASE64[(group >> 12) & 63]}${BASE64[(group >> 6) & 63]}${BASE64[group & 63]}`;
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * Base64 and base64url of the secret wherever it sits in the encoded bytes (after `user:` in a
 * basic-auth header, say). For each of the three offsets in a 3-byte group, the groups made only
 * of the secret's bytes encode the same way whatever surrounds them; the group before them and the
 * one after (which mix in other bytes, or padding) are hidden too.
 */
function base64Patterns(secret: string): RegExp[] {
  const bytes = new TextEncoder().encode(secret);
  const patterns: RegExp[] = [];
  for (const offset of [0, 1, 2]) {
    const lead = (3 - offset) % 3; // secret bytes in the group shared with what comes before
    const whole = Math.floor((bytes.length - lead) / 3) * 3;
    if (whole < 3 || (offset > 0 && lead > bytes.length)) continue;
    const core = base64(bytes.subarray(lead, lead + whole));
    const tail = bytes.length - lead - whole; // secret bytes in the group shared with what follows
    for (const [alphabet, text] of [
      ['A-Za-z0-9+/', core],
      ['A-Za-z0-9_-', core.replace(/\+/g, '-').replace(/\//g, '_')],
    ] as const) {
      const before = lead > 0 ? `(?:[${alphabet}]{4})?` : '';
      const after = tail > 0 ? `(?:[${alphabet}]{2,4}={0,2})?` : '';
      patterns.push(new RegExp(`${before}${escapeRegExp(text)}${after}`, 'g'));
    }
  }
  return patterns;
}
