// Go's time.ParseDuration, and the duration forms Argo accepts in its manifests.

const unitNanos: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

export class DurationError extends Error {}

/** Parses a Go duration (`300ms`, `1.5h`, `1h30m`, `-2s`, `0`) into milliseconds. */
export function parseGoDuration(text: string): number {
  const input = text.trim();
  if (input === '0' || input === '+0' || input === '-0') return 0;
  const match = /^([+-]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(input);
  if (!match) {
    throw new DurationError(`"${text}" is not a duration: use a number with a unit, such as 30s, 5m or 1h30m`);
  }
  let total = 0;
  for (const part of (match[2] ?? '').matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * (unitNanos[part[2] ?? ''] ?? 0);
  }
  return match[1] === '-' ? -total : total;
}

/**
 * A canary pause duration: an integer (seconds), a string of digits (seconds) or a Go duration
 * string. Returns whole seconds, as Argo truncates, or throws with a message that says what to write.
 */
export function pauseDurationSeconds(value: number | string): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0)
      throw new DurationError(`pause duration ${value} must be a whole number of seconds, 0 or more`);
    return value;
  }
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  let ms: number;
  try {
    ms = parseGoDuration(value);
  } catch {
    throw new DurationError(
      `pause duration "${value}" is neither a number of seconds nor a duration such as 30s, 5m or 1h30m`,
    );
  }
  if (ms < 0) throw new DurationError(`pause duration "${value}" must not be negative`);
  return Math.trunc(ms / 1000);
}

/** Formats milliseconds as Go's Duration.String() would (`1h30m0s`, `1.5s`, `0s`). */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${trimZeros(rest)}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = trimZeros(rest / 1000);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

function trimZeros(value: number): string {
  return String(Number(value.toFixed(9)));
}
