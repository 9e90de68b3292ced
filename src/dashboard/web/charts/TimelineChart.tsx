import type { TimelineEntry } from '../../contract.ts';
import { clockTime } from '../format.ts';
import { extentOf, linearScale } from './scale.ts';
import { useChartWidth } from './use-chart-width.ts';

const HEIGHT = 64;
const LEFT = 12;
const RIGHT = 12;
const AXIS_Y = 34;

/** A glyph per kind of event, so the strip reads without colour. */
export const TIMELINE_GLYPH: Record<TimelineEntry['kind'], string> = {
  step: '›',
  weight: '%',
  pause: '‖',
  resume: '▶',
  abort: '✖',
  analysis: '∿',
  update: '↑',
  complete: '✔',
  other: '•',
};

/** The events on a time axis (the list beside it is its text alternative). */
export function TimelineChart({ entries }: { entries: TimelineEntry[] }) {
  const [ref, width] = useChartWidth();
  const extent = extentOf(entries.map((entry) => entry.at));
  if (!extent) return <div ref={ref} />;
  const x = linearScale(extent, LEFT + 6, width - RIGHT - 6);
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.kind, (counts.get(entry.kind) ?? 0) + 1);
  const summary = `Timeline from ${clockTime(extent.min)} to ${clockTime(extent.max)}: ${[...counts]
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ')}`;
  return (
    <div ref={ref} class="chart-box">
      <svg class="chart timeline-chart" viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={summary}>
        <line class="grid" x1={LEFT} x2={width - RIGHT} y1={AXIS_Y} y2={AXIS_Y} />
        {labelled(entries, x).map(({ entry, showGlyph }, index) => (
          <g key={index} class={`event-mark event-${entry.kind} kind-${entry.status.kind}`}>
            <line x1={x(entry.at)} x2={x(entry.at)} y1={AXIS_Y - 8} y2={AXIS_Y + 8} />
            {showGlyph && (
              <text x={x(entry.at)} y={AXIS_Y - 12} text-anchor="middle">
                {TIMELINE_GLYPH[entry.kind]}
              </text>
            )}
          </g>
        ))}
        <g class="axis">
          <text x={LEFT} y={HEIGHT - 6}>
            {clockTime(extent.min)}
          </text>
          <text x={width - RIGHT} y={HEIGHT - 6} text-anchor="end">
            {clockTime(extent.max)}
          </text>
        </g>
      </svg>
    </div>
  );
}

/** The entries in time order, each with whether its glyph has room (none closer than 14 px to the last one drawn). */
function labelled(
  entries: TimelineEntry[],
  x: (at: number) => number,
): Array<{ entry: TimelineEntry; showGlyph: boolean }> {
  let last = Number.NEGATIVE_INFINITY;
  return [...entries]
    .sort((a, b) => a.at - b.at)
    .map((entry) => {
      const at = x(entry.at);
      const showGlyph = at - last >= 14;
      if (showGlyph) last = at;
      return { entry, showGlyph };
    });
}
