// The controller's notifications: the rollout loop's Event recorder, wrapped so each Rollout event
// also goes to the notifier; settings from the API; sends counted in the controller's /metrics.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { ObjectReader } from '../../../platform/kubernetes/client/interfaces.ts';
import { NotificationDispatcher } from '../../notifications/dispatcher.ts';
import { notifyingSink, RolloutNotifier } from '../../notifications/notifier.ts';
import type { ControllerMetrics } from '../metrics/index.ts';
import type { EventRecorder } from '../rollouts/event-recorder.ts';
import { kubeNotificationSettings } from './settings.ts';

export interface ControllerNotifications {
  events: EventRecorder;
  notifier: RolloutNotifier;
  dispatcher: NotificationDispatcher;
  close(): void;
}

export function controllerNotifications(
  client: Pick<ObjectReader, 'get'>,
  events: EventRecorder,
  metrics: Pick<ControllerMetrics, 'notificationSuccess' | 'notificationError' | 'notificationSend'>,
  options: { namespace: string; log: (line: string) => void; analysisRuns?: (namespace: string) => readonly unknown[] },
): ControllerNotifications {
  const dispatcher = new NotificationDispatcher({
    log: options.log,
    metrics: {
      sent: (labels) => metrics.notificationSuccess.inc({ ...labels }),
      failed: (labels) => metrics.notificationError.inc({ ...labels }),
      observe: (namespace, name, seconds) => metrics.notificationSend.observe({ namespace, name }, seconds),
    },
  });
  const notifier = new RolloutNotifier({
    settings: kubeNotificationSettings(client, options.namespace, { log: options.log }),
    dispatcher,
    log: options.log,
    ...(options.analysisRuns ? { analysisRuns: options.analysisRuns } : {}),
  });
  const wrapped = notifyingSink(events, notifier, (object) =>
    // The recorder is given the Rollout the loop read (its kind is checked here).
    object.kind === 'Rollout' ? (object as unknown as Rollout) : undefined,
  );
  return { events: wrapped, notifier, dispatcher, close: () => dispatcher.close() };
}
