// The controller's one Event recorder: every Event about a Rollout counts in
// rollout_events_total (as Argo counts them, dropped or not), and the Events the recorder drops are
// logged at the 1st, 10th, 100th, ... of each cause, so a flood never floods the log too.
import type { EventWriter } from './event-recorder.ts';
import { kubeEventRecorder, type EventDropCause, type EventRecorder } from './event-recorder.ts';
import type { ControllerMetrics } from '../metrics/index.ts';

export function controllerEventRecorder(
  client: EventWriter,
  metrics: Pick<ControllerMetrics, 'rolloutEvents'>,
  log: (line: string) => void,
): EventRecorder {
  const dropped = new Map<EventDropCause, number>();
  return kubeEventRecorder(client, (error) => log(error.message), {
    onRecord: (object, event) => {
      if (object.kind !== 'Rollout') return;
      metrics.rolloutEvents.inc({
        namespace: object.metadata.namespace,
        name: object.metadata.name,
        type: event.type,
        reason: event.reason,
      });
    },
    onDrop: (object, event, cause) => {
      const count = (dropped.get(cause) ?? 0) + 1;
      dropped.set(cause, count);
      if (/^10*$/.test(String(count))) {
        log(
          `events: ${count} dropped so far (${cause}), the latest ${event.reason} for ${object.kind ?? 'object'} ${object.metadata.namespace}/${object.metadata.name}`,
        );
      }
    },
  });
}
