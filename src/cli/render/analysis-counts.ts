// `✔ 30,✖ 2,? 1,⚠ 12`: measurement counts of an analysis, zero counts left out.
import type { AnalysisCounts } from '../../view/model.ts';
import { paint } from './ansi.ts';
import { statusColour, statusGlyph } from './glyphs.ts';
import type { StatusKind } from '../../view/model.ts';

const order: Array<[keyof AnalysisCounts, StatusKind]> = [
  ['successful', 'success'],
  ['failed', 'failure'],
  ['inconclusive', 'unknown'],
  ['error', 'warning'],
];

export function analysisCountsText(counts: AnalysisCounts, color: boolean, separator = ','): string {
  return order
    .filter(([key]) => counts[key] > 0)
    .map(([key, kind]) => `${paint(statusGlyph(kind), statusColour(kind), color)} ${counts[key]}`)
    .join(separator);
}
