// The timeline of a rollout: its Events (docs/events.md lists the reasons) as the contract's
// TimelineEntry, oldest first. The input is what a Target's `events` returns (core/v1 Events on a
// cluster, the local runtime's event log), so both runtimes give the same timeline.
import type { Status, Timeline, TimelineEntry } from '../contract.ts';

/** An Event as the Target hands it back (src/cli/target/target.ts RolloutEventRecord). */
export interface TimelineEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
}

const KIND_OF_REASON: Record<string, TimelineEntry['kind']> = {
  RolloutStepCompleted: 'step',
  SkipSteps: 'step',
  TrafficWeightUpdated: 'weight',
  RolloutPaused: 'pause',
  RolloutResumed: 'resume',
  RolloutAborted: 'abort',
  RolloutUpdated: 'update',
  RolloutCompleted: 'complete',
};

/** The kind of entry an Event reason makes: `AnalysisRun<Phase>` is analysis, unknown reasons `other`. */
export function timelineKindOf(reason: string): TimelineEntry['kind'] {
  return KIND_OF_REASON[reason] ?? (reason.startsWith('AnalysisRun') ? 'analysis' : 'other');
}

const ANALYSIS_STATUS: Record<string, Status> = {
  Successful: { text: 'Successful', kind: 'success' },
  Failed: { text: 'Failed', kind: 'failure' },
  Error: { text: 'Error', kind: 'warning' },
  Running: { text: 'Running', kind: 'progressing' },
  Pending: { text: 'Pending', kind: 'waiting' },
  Inconclusive: { text: 'Inconclusive', kind: 'unknown' },
};

/** How an entry reads at a glance: its outcome for analysis, aborts and completions, else its type. */
export function timelineStatusOf(kind: TimelineEntry['kind'], event: Pick<TimelineEvent, 'type' | 'reason'>): Status {
  switch (kind) {
    case 'abort':
      return { text: 'Aborted', kind: 'failure' };
    case 'complete':
      return { text: 'Completed', kind: 'success' };
    case 'pause':
      return { text: 'Paused', kind: 'paused' };
    case 'resume':
      return { text: 'Resumed', kind: 'progressing' };
    case 'analysis': {
      const known = ANALYSIS_STATUS[event.reason.slice('AnalysisRun'.length)];
      if (known) return known;
      break;
    }
    default:
      break;
  }
  return event.type === 'Warning' ? { text: 'Warning', kind: 'warning' } : { text: 'Normal', kind: 'neutral' };
}

/** One entry per Event, at its first occurrence; a repeated one says how often and until when. */
export function timelineOf(events: readonly TimelineEvent[]): Timeline {
  const entries = events.map((event, index) => {
    const kind = timelineKindOf(event.reason);
    const at = Date.parse(event.firstTimestamp);
    const repeated =
      event.count > 1 ? ` (${event.count} times, last at ${event.lastTimestamp || event.firstTimestamp})` : '';
    const entry: TimelineEntry = {
      at: Number.isFinite(at) ? at : 0,
      kind,
      reason: event.reason,
      message: event.message + repeated,
      status: timelineStatusOf(kind, event),
    };
    return { entry, index };
  });
  entries.sort((a, b) => a.entry.at - b.entry.at || a.index - b.index);
  return { entries: entries.map(({ entry }) => entry) };
}
