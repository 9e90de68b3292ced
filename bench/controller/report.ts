// The bench's figures, their medians over repeats and one table per size: a column per controller
// and the ratio sluice / Argo for each figure. A figure a controller did not reach within the phase
// timeout is 'timeout', and is printed so (never as 0); a figure not measured at all is n/a (the
// memory at rest of the scale run is left out when no controller has it).
import { type ControllerKind, controllerLabels } from './controllers.ts';

export const figures = {
  startRss: { label: 'RSS at start (caches filled)', unit: ' MB', digits: 0, ratio: true },
  peakRss: { label: 'RSS peak', unit: ' MB', digits: 0, ratio: true },
  peakHeap: { label: 'heap in use, peak (V8 / Go HeapAlloc, 10 s scrapes)', unit: ' MB', digits: 0, ratio: true },
  peakKiBPerRollout: {
    label: 'peak memory per rollout: (RSS peak - at start) / N',
    unit: ' KiB',
    digits: 0,
    ratio: true,
  },
  healthySeconds: { label: 'time to create N rollouts and all Healthy', unit: ' s', digits: 0, ratio: true },
  createSeconds: {
    label: 'time to create N rollouts before the controller (--fleet-first)',
    unit: ' s',
    digits: 0,
    ratio: false,
    onlyWhenMeasured: true,
  },
  cacheFillSeconds: {
    label: "controller's start to its caches filled",
    unit: ' s',
    digits: 0,
    ratio: true,
    onlyWhenMeasured: true,
  },
  healthyFromStartSeconds: {
    label: "controller's start to all N Healthy",
    unit: ' s',
    digits: 0,
    ratio: true,
    onlyWhenMeasured: true,
  },
  stepsSeconds: {
    label: 'time from the image updates to the end of the steps',
    unit: ' s',
    digits: 0,
    ratio: true,
    onlyWhenMeasured: true,
  },
  healthyRss: { label: 'RSS at rest, all Healthy', unit: ' MB', digits: 0, ratio: true, onlyWhenMeasured: true },
  healthyHeap: {
    label: 'heap in use at rest, all Healthy',
    unit: ' MB',
    digits: 0,
    ratio: true,
    onlyWhenMeasured: true,
  },
  endRss: { label: 'RSS at rest, after the steps', unit: ' MB', digits: 0, ratio: true, onlyWhenMeasured: true },
  endHeap: {
    label: 'heap in use at rest, after the steps',
    unit: ' MB',
    digits: 0,
    ratio: true,
    onlyWhenMeasured: true,
  },
  completed: { label: 'rollouts that completed their steps', unit: '', digits: 0, ratio: false },
  cpuPerRollout: { label: 'CPU seconds per rollout', unit: ' s', digits: 3, ratio: true },
  floorP50: { label: 'API floor: N writes, 10 in flight, p50', unit: ' ms', digits: 0, ratio: true },
  floorP99: { label: 'API floor p99', unit: ' ms', digits: 0, ratio: true },
  stepP50: { label: 'step latency p50', unit: ' ms', digits: 0, ratio: true },
  stepP99: { label: 'step latency p99', unit: ' ms', digits: 0, ratio: true },
  reactionP50: { label: 'reaction p50 (one failing at a time)', unit: ' ms', digits: 0, ratio: true },
  reactionP99: { label: 'reaction p99 (one failing at a time)', unit: ' ms', digits: 0, ratio: true },
  burstP50: { label: 'burst p50 (all the others at once)', unit: ' ms', digits: 0, ratio: true },
  burstP99: { label: 'burst p99', unit: ' ms', digits: 0, ratio: true },
  burstEndToEndP50: { label: 'burst from turning bad p50 (interval 10 s)', unit: ' ms', digits: 0, ratio: true },
  burstEndToEndP99: { label: 'burst from turning bad p99', unit: ' ms', digits: 0, ratio: true },
  stepsMeasured: { label: 'steps measured', unit: '', digits: 0, ratio: false },
  reactionsMeasured: { label: 'reactions measured (one at a time + burst)', unit: '', digits: 0, ratio: false },
  loadStart: { label: 'load average at start (1 min)', unit: '', digits: 1, ratio: false },
  loadEnd: { label: 'load average at end (1 min)', unit: '', digits: 1, ratio: false },
} as const;

export type FigureKey = keyof typeof figures;
export type Figure = number | 'timeout';

export interface Result {
  size: number;
  controller: ControllerKind;
  figures: Partial<Record<FigureKey, Figure>>;
  notes: string[];
}

/** The median of the repeats that measured it; a timeout counts as longer than any time. */
export function median(values: Array<Figure | undefined>): Figure | undefined {
  const rank = (value: Figure): number => (value === 'timeout' ? Number.POSITIVE_INFINITY : value);
  const sorted = values.filter((value): value is Figure => value !== undefined).sort((a, b) => rank(a) - rank(b));
  if (sorted.length === 0) return undefined;
  const low = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const high = sorted[Math.ceil((sorted.length - 1) / 2)]!;
  if (low === 'timeout' || high === 'timeout') return 'timeout';
  return (low + high) / 2;
}

function cell(value: Figure | undefined, digits: number, unit: string): string {
  if (value === undefined) return 'n/a';
  if (value === 'timeout') return 'timeout';
  return `${value.toFixed(digits)}${unit}`;
}

function ratio(sluice: Figure | undefined, argo: Figure | undefined): string {
  if (typeof sluice === 'number' && typeof argo === 'number') {
    if (argo === 0) return 'n/a';
    // Two significant digits below 1: a ratio of 0.004 is not 0.00.
    const value = sluice / argo;
    return value >= 1 || value === 0 ? value.toFixed(2) : value.toPrecision(2);
  }
  if (typeof sluice === 'number' && argo === 'timeout') return '< (Argo timeout)';
  if (sluice === 'timeout' && typeof argo === 'number') return '> (sluice timeout)';
  return 'n/a';
}

/** One table for one size: the medians of `results` (all of that size) per controller, and the ratios. */
export function sizeTable(
  size: number,
  controllers: readonly ControllerKind[],
  results: Result[],
  repeats: number,
): string {
  const medians = new Map<ControllerKind, Partial<Record<FigureKey, Figure>>>();
  for (const controller of controllers) {
    const runs = results.filter((result) => result.size === size && result.controller === controller);
    const row: Partial<Record<FigureKey, Figure>> = {};
    for (const key of Object.keys(figures) as FigureKey[]) {
      const value = median(runs.map((run) => run.figures[key]));
      if (value !== undefined) row[key] = value;
    }
    medians.set(controller, row);
  }
  const argos = controllers.filter((controller) => controller !== 'sluice');
  const withRatios = controllers.includes('sluice') ? argos : [];
  const header = [
    `${size} rollouts${repeats > 1 ? `, median of ${repeats}` : ''}`,
    ...controllers,
    ...withRatios.map((argo) => `sluice/${argo}`),
  ];
  // The figures of the scale run only are left out of the tables of the other runs.
  const shown = (Object.keys(figures) as FigureKey[]).filter(
    (key) =>
      !('onlyWhenMeasured' in figures[key]) ||
      controllers.some((controller) => medians.get(controller)?.[key] !== undefined),
  );
  const rows = shown.map((key) => {
    const { label, digits, unit, ratio: withRatio } = figures[key];
    const values = controllers.map((controller) => cell(medians.get(controller)?.[key], digits, unit));
    const ratios = withRatios.map((argo) =>
      withRatio ? ratio(medians.get('sluice')?.[key], medians.get(argo)?.[key]) : '',
    );
    return [label, ...values, ...ratios];
  });
  const table = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  const lines = table.map((row) =>
    row
      .map((text, column) => (column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
  for (const controller of controllers) lines.push(`  ${controller}: ${controllerLabels[controller]}`);
  return lines.join('\n');
}
