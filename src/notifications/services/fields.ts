// Reading a notification's fields and writing values as the notifications engine's Go code does.
import type { Notification } from '../notify.ts';

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export const section = (notification: Notification, name: string): Record<string, unknown> => {
  const value = notification[name];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
};

export function base64(value: string): string {
  const bytes = new TextEncoder().encode(value);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** A time as Go's time.Time writes it in JSON (RFC 3339, UTC, trailing zeros of the fraction dropped). */
export function goTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** JSON as Go's json.Marshal writes it: <, >, &, U+2028 and U+2029 escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** JSON as Go's json.Encoder writes it: json.Marshal's, a newline after. */
export function goJsonLine(value: unknown): string {
  return `${goJson(value)}\n`;
}

/** Go's url.QueryEscape: letters, digits and -_.~ stay, a space is +, every other byte %XX. */
export function goQueryEscape(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
