// Istio StringMatch: exact, prefix, or regex. Regexes are RE2 in Istio and must match the whole
// value; here they run as JavaScript RegExp anchored with ^(?:...)$ (the common RE2 syntax is the
// same; RE2-only constructs such as \C or (?P<name>...) are not supported and never match).
import type { IstioStringMatch } from '../../api/types/istio.ts';

const compiled = new Map<string, RegExp | null>();

export function fullRegex(source: string, flags = ''): RegExp | null {
  const key = `${flags}/${source}`;
  if (!compiled.has(key)) {
    let regex: RegExp | null = null;
    try {
      regex = new RegExp(`^(?:${source})$`, flags);
    } catch {
      regex = null;
    }
    compiled.set(key, regex);
  }
  return compiled.get(key) ?? null;
}

export function isEmptyMatch(match: IstioStringMatch | undefined): boolean {
  return !match || (match.exact === undefined && match.prefix === undefined && match.regex === undefined);
}

/**
 * Whether `value` satisfies `match`. An empty match ({}) asks only that the value be present.
 * `ignoreCase` applies to exact and prefix only, as Istio's ignoreUriCase does.
 */
export function matchesString(
  match: IstioStringMatch | undefined,
  value: string | undefined,
  ignoreCase = false,
): boolean {
  if (value === undefined) return false;
  if (isEmptyMatch(match) || !match) return true;
  const fold = (s: string) => (ignoreCase ? s.toLowerCase() : s);
  if (match.exact !== undefined) return fold(value) === fold(match.exact);
  if (match.prefix !== undefined) return fold(value).startsWith(fold(match.prefix));
  if (match.regex !== undefined) return fullRegex(match.regex)?.test(value) ?? false;
  return true;
}
