// The controller's notifications, on Argo's two paths: the rollout loop's Event recorder, wrapped
// so each Rollout event also goes to the notifier; and every change of a watched Rollout, for the
// triggers with a `when` (the notified annotation is patched onto the Rollout). Settings from the
// API: the controller namespace's ConfigMap and Secret, and with self-service
// (--self-service-notification-enabled) also the Rollout namespace's. Event sends are counted in
// the controller's /metrics.
import type { Rollout } from '../../../api/types/rollout.ts';
import { NOTIFIED_ANNOTATION } from '../../../notifications/notified.ts';
import type { ObjectReader, ObjectWriter } from '../../../platform/kubernetes/client/interfaces.ts';
import { argoResources } from '../resources.ts';
import type { EventHandlers } from '../../../platform/kubernetes/informers/informer.ts';
import { NotificationDispatcher } from '../../notifications/dispatcher.ts';
import { notifyingSink, RolloutNotifier, type ScopedSettings } from '../../notifications/notifier.ts';
import type { ControllerMetrics } from '../metrics/index.ts';
import type { EventRecorder } from '../rollouts/event-recorder.ts';
import { kubeNotificationSettings } from './settings.ts';

export interface ControllerNotifications {
  events: EventRecorder;
  notifier: RolloutNotifier;
  dispatcher: NotificationDispatcher;
  /** Handlers for the Rollouts' informer: each add and change runs the state path. */
  rolloutHandlers: EventHandlers<Rollout>;
  close(): void;
}

export function controllerNotifications(
  client: Pick<ObjectReader, 'get'> & Pick<ObjectWriter, 'patch'>,
  events: EventRecorder,
  metrics: Pick<ControllerMetrics, 'notificationSuccess' | 'notificationError' | 'notificationSend'>,
  options: {
    namespace: string;
    log: (line: string) => void;
    analysisRuns?: (namespace: string) => readonly unknown[];
    /** Also read the Rollout namespace's ConfigMap and Secret (Argo's --self-service-notification-enabled). */
    selfService?: boolean;
    now?: () => number;
  },
): ControllerNotifications {
  const now = options.now ?? Date.now;
  const dispatcher = new NotificationDispatcher({
    log: options.log,
    metrics: {
      sent: (labels) => metrics.notificationSuccess.inc({ ...labels }),
      failed: (labels) => metrics.notificationError.inc({ ...labels }),
      observe: (namespace, name, seconds) => metrics.notificationSend.observe({ namespace, name }, seconds),
    },
  });
  const readers = new Map<string, ReturnType<typeof kubeNotificationSettings>>();
  const readerOf = (namespace: string): ReturnType<typeof kubeNotificationSettings> => {
    let reader = readers.get(namespace);
    if (!reader) {
      reader = kubeNotificationSettings(client, namespace, { log: options.log });
      readers.set(namespace, reader);
    }
    return reader;
  };
  const settings = async (namespace: string): Promise<ScopedSettings[]> => {
    const scoped: ScopedSettings[] = [];
    if (options.selfService && namespace !== options.namespace)
      scoped.push({ scope: { namespace, selfService: true }, settings: await readerOf(namespace)() });
    scoped.push({
      scope: { namespace: options.namespace, selfService: false },
      settings: await readerOf(options.namespace)(),
    });
    return scoped;
  };
  const notifier = new RolloutNotifier({
    settings,
    dispatcher,
    log: options.log,
    ...(options.analysisRuns ? { analysisRuns: options.analysisRuns } : {}),
    writeNotified: async (rollout, annotation) => {
      const patched = await client.patch(
        argoResources.rollouts,
        rollout.metadata.namespace ?? 'default',
        rollout.metadata.name ?? '',
        { metadata: { annotations: { [NOTIFIED_ANNOTATION]: annotation ?? null } } },
      );
      return patched.metadata.resourceVersion;
    },
  });
  const wrapped = notifyingSink(events, notifier, (object) =>
    // The recorder is given the Rollout the loop read (its kind is checked here).
    object.kind === 'Rollout' ? (object as unknown as Rollout) : undefined,
  );
  const rolloutHandlers: EventHandlers<Rollout> = {
    onAdd: (rollout) => notifier.observe(rollout, now()),
    onUpdate: (_previous, current) => notifier.observe(current, now()),
    onDelete: (rollout) => notifier.forget(rollout),
  };
  return { events: wrapped, notifier, dispatcher, rolloutHandlers, close: () => dispatcher.close() };
}
