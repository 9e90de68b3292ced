// One line per change between two snapshots of the rollout: phase, step, weight, header route,
// analysis run and measurement. The non-interactive output is these lines. Pure.
import type { RolloutSnapshot } from './rollout-snapshot.ts';

export function changesBetween(before: RolloutSnapshot | undefined, after: RolloutSnapshot): string[] {
  const lines: string[] = [];
  if (
    before?.phase !== after.phase ||
    (after.message !== '' && before?.message !== after.message && after.phase !== 'Progressing')
  ) {
    lines.push(`rollout ${after.phase}${after.message ? `: ${after.message}` : ''}`);
  }
  if (before?.stepIndex !== after.stepIndex && after.stepIndex !== undefined && after.stepCount > 0) {
    if (after.aborted) lines.push(`steps: back to 0/${after.stepCount} (aborted)`);
    else
      lines.push(
        after.stepIndex >= after.stepCount
          ? `steps: all ${after.stepCount} done`
          : `step ${after.stepIndex + 1}/${after.stepCount}: ${after.step ?? ''}`,
      );
  }
  if (before?.canaryWeight !== after.canaryWeight)
    lines.push(`weights: stable ${100 - after.canaryWeight}, canary ${after.canaryWeight}`);
  for (const route of after.headerRoutes)
    if (!before?.headerRoutes.includes(route))
      lines.push(`header route ${route} in place: x-canary: true goes to the canary`);
  for (const route of before?.headerRoutes ?? [])
    if (!after.headerRoutes.includes(route)) lines.push(`header route ${route} removed`);
  lines.push(...analysisChanges(before, after));
  return lines;
}

function analysisChanges(before: RolloutSnapshot | undefined, after: RolloutSnapshot): string[] {
  const run = after.analysis;
  if (!run) return [];
  const previous = before?.analysis?.name === run.name ? before.analysis : undefined;
  const lines: string[] = [];
  if (!previous) lines.push(`analysis ${run.name} ${run.phase}`);
  const seen = previous?.measurements.length ?? 0;
  run.measurements.slice(seen).forEach((measurement, offset) => {
    const failed = run.measurements.slice(0, seen + offset + 1).filter((m) => m.phase === 'Failed').length;
    const limit = run.failureLimit !== undefined ? ` (failed ${failed}, limit ${run.failureLimit})` : '';
    lines.push(
      `analysis ${run.metric} measurement ${seen + offset + 1}: ${measurement.phase}${measurement.value !== undefined ? ` ${measurement.value}` : ''}${limit}`,
    );
  });
  if (previous && previous.phase !== run.phase)
    lines.push(`analysis ${run.name} ${run.phase}${run.message ? `: ${run.message}` : ''}`);
  return lines;
}
