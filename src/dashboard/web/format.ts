// Pure helpers that turn the API's view model into the words the pages show.
import type { RolloutListRow } from '../contract.ts';
import type { StatusKind } from './types.ts';

/** A word for each StatusKind, read by screen readers next to the badge's own text. */
export const KIND_LABEL: Record<StatusKind, string> = {
  success: 'healthy',
  failure: 'failed',
  progressing: 'in progress',
  warning: 'warning',
  unknown: 'unknown',
  waiting: 'waiting',
  paused: 'paused',
  neutral: 'scaled down',
  none: 'no status',
};

/** The badge's glyph: a shape per kind, so the status never reads by colour alone. */
export const KIND_GLYPH: Record<StatusKind, string> = {
  success: '✔',
  failure: '✖',
  progressing: '◌',
  warning: '⚠',
  unknown: '?',
  waiting: '◷',
  paused: '‖',
  neutral: '•',
  none: '·',
};

export function rowKey(row: { namespace: string; name: string }): string {
  return `${row.namespace}/${row.name}`;
}

/**
 * The rows whose name, namespace, status, strategy or images hold every word of the query
 * (case-insensitive); all rows for an empty query.
 */
export function filterRows(rows: RolloutListRow[], images: Record<string, string[]>, query: string): RolloutListRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const haystack = [row.name, row.namespace, row.status.text, row.strategy, ...(images[rowKey(row)] ?? [])]
      .join(' ')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** Rows in a stable order: namespace, then name. */
export function sortRows(rows: RolloutListRow[]): RolloutListRow[] {
  return [...rows].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** The namespaces of the rows, sorted, without repeats. */
export function namespacesOf(rows: RolloutListRow[]): string[] {
  return [...new Set(rows.map((row) => row.namespace))].sort();
}

export function weightText(weight: number | undefined): string {
  return weight === undefined ? '-' : `${weight}%`;
}

/** `12.5 req/s`, `0.4 req/s`, `1.2k req/s`. */
export function formatRate(value: number): string {
  if (value >= 1000) return `${trim(value / 1000, 1)}k`;
  if (value >= 100) return trim(value, 0);
  if (value >= 10) return trim(value, 1);
  return trim(value, 2);
}

/** A share 0..1 as a percentage: `2.5%`. */
export function formatPercent(share: number): string {
  const percent = share * 100;
  return `${trim(percent, percent >= 10 || percent === 0 ? 0 : 1)}%`;
}

function trim(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/** `14:03:07`, as a UTC-independent local clock time (the browser's zone). */
export function clockTime(epochMs: number): string {
  const date = new Date(epochMs);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/** The button text of an action. */
export function actionLabel(action: string): string {
  return ACTION_LABEL[action] ?? action;
}

const ACTION_LABEL: Record<string, string> = {
  promote: 'Promote',
  'promote-full': 'Promote full',
  abort: 'Abort',
  retry: 'Retry',
  restart: 'Restart',
  'set-image': 'Set image',
  undo: 'Undo',
};
