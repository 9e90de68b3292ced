// Tells which measurements of a run's status are new or changed since the last look, so a
// runtime can show each measurement as it arrives.
import type { AnalysisRunStatus, Measurement } from '../../api/types/analysis.ts';

export interface MeasurementUpdate {
  metricName: string;
  measurement: Measurement;
  dryRun: boolean;
}

export class MeasurementFeed {
  readonly #seen = new Set<string>();

  /** The measurements not reported before, in status order. */
  updates(status: AnalysisRunStatus | undefined): MeasurementUpdate[] {
    const updates: MeasurementUpdate[] = [];
    for (const result of status?.metricResults ?? []) {
      for (const measurement of result.measurements ?? []) {
        // A running job polled again (new resumeAt) is not news: the key leaves resumeAt out.
        const key = JSON.stringify([
          result.name,
          measurement.startedAt,
          measurement.phase,
          measurement.finishedAt ?? '',
        ]);
        if (this.#seen.has(key)) continue;
        this.#seen.add(key);
        updates.push({ metricName: result.name, measurement, dryRun: result.dryRun ?? false });
      }
    }
    return updates;
  }
}
