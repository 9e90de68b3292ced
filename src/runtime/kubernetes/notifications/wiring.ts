// The controller's notifications, on Argo's two paths: the rollout loop's Event recorder, wrapped
// so each Rollout event also goes to the notifier; and every change of a watched Rollout, for the
// triggers with a `when` (the notified annotation is patched onto the Rollout). Settings from
// watches of the controller namespace's ConfigMap and Secret, and with self-service
// (--self-service-notification-enabled) also the Rollout namespace's (settings.ts). Event sends are
// counted in the controller's /metrics.
import type { Rollout } from '../../../api/types/rollout.ts';
import { NOTIFIED_ANNOTATION } from '../../../notifications/notified.ts';
import type { ObjectWriter } from '../../../platform/kubernetes/client/interfaces.ts';
import type { SharedInformerFactory } from '../../../platform/kubernetes/informers/informer-factory.ts';
import { argoResources } from '../resources.ts';
import type { EventHandlers } from '../../../platform/kubernetes/informers/informer.ts';
import { NotificationDispatcher } from '../../notifications/dispatcher.ts';
import { notifyingSink, RolloutNotifier, type ScopedSettings } from '../../notifications/notifier.ts';
import type { ControllerMetrics } from '../metrics/index.ts';
import type { EventRecorder } from '../rollouts/event-recorder.ts';
import { watchNotificationObjects } from './settings.ts';

export interface ControllerNotifications {
  events: EventRecorder;
  notifier: RolloutNotifier;
  dispatcher: NotificationDispatcher;
  /** Handlers for the Rollouts' informer: each add and change runs the state path. */
  rolloutHandlers: EventHandlers<Rollout>;
  close(): void;
}

export function controllerNotifications(
  client: Pick<ObjectWriter, 'patch'>,
  /** The controller's shared informers: the settings' caches are made on it (before it starts). */
  informers: Pick<SharedInformerFactory, 'informerFor'>,
  events: EventRecorder,
  metrics: Pick<ControllerMetrics, 'notificationSuccess' | 'notificationError' | 'notificationSend'>,
  options: {
    namespace: string;
    /** The namespace the controller reconciles Rollouts in (--namespace); undefined: all. */
    watchedNamespace?: string | undefined;
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
  const watched = watchNotificationObjects(informers, {
    controllerNamespace: options.namespace,
    watchedNamespace: options.watchedNamespace,
    selfService: options.selfService === true,
  });
  const settings = async (namespace: string): Promise<ScopedSettings[]> => {
    const scoped: ScopedSettings[] = [];
    if (options.selfService && namespace !== options.namespace)
      scoped.push({ scope: { namespace, selfService: true }, settings: await watched.read(namespace) });
    scoped.push({
      scope: { namespace: options.namespace, selfService: false },
      settings: await watched.read(options.namespace),
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
  return {
    events: wrapped,
    notifier,
    dispatcher,
    rolloutHandlers,
    close: () => {
      watched.close();
      dispatcher.close();
    },
  };
}
