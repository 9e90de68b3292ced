// The local runtime's notifications: settings from the manifests given to `sluice run` and
// `sluice apply` (kept in the state folder), the rollout loop's events handed to the notifier, and
// every change of a stored Rollout run on the state path (triggers with a `when`; the notified
// annotation is written to the stored Rollout, so it survives a restart). Sends are logged, and
// counted in the metrics when the runtime gives them.
import type { Rollout } from '../../../api/types/rollout.ts';
import type { ManifestSource } from '../../../api/manifests/yaml-documents.ts';
import type { RolloutEvent } from '../../../engine/types.ts';
import { NOTIFIED_ANNOTATION } from '../../../notifications/notified.ts';
import { NotificationDispatcher, type DispatcherOptions } from '../../notifications/dispatcher.ts';
import {
  type NotificationSettings,
  RolloutNotifier,
  type ScopedSettings,
  singleSettings,
} from '../../notifications/notifier.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { CONTROLLER_NAMESPACE, LocalNotificationSettings } from './local-settings.ts';

export interface LocalNotifications {
  notify(rollout: Rollout, event: RolloutEvent, now: number): void;
  onManifests(sources: readonly ManifestSource[], verb: 'apply' | 'delete'): void;
  /** The ConfigMap's and Secret's data applied to the runtime (with self-service, the controller's). */
  settings(): NotificationSettings;
  /** Resolves once every event and change so far is queued (for tests). */
  settled(): Promise<void>;
  close(): void;
}

export interface LocalNotificationOptions {
  analysisRuns?: (namespace: string) => readonly unknown[];
  retry?: Pick<DispatcherOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs'>;
  /** The store whose Rollouts' changes run the state path (and hold its annotation). */
  store?: Pick<ObjectStore, 'subscribe' | 'update'>;
  metrics?: DispatcherOptions['metrics'];
  /**
   * As the controller's --self-service-notification-enabled: a ConfigMap and Secret applied in a
   * Rollout's own namespace also apply to it, beside the controller's (applied without a namespace,
   * or in argo-rollouts).
   */
  selfService?: boolean;
  now?: () => number;
}

export function localNotifications(
  stateDir: string,
  initial: readonly ManifestSource[],
  log: (line: string) => void,
  options: LocalNotificationOptions = {},
): LocalNotifications {
  const now = options.now ?? Date.now;
  const settings = new LocalNotificationSettings(stateDir);
  if (initial.length > 0) settings.applyFrom(initial);
  const dispatcher = new NotificationDispatcher({
    log,
    ...options.retry,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const store = options.store;
  const scoped = (namespace: string): ScopedSettings[] => {
    const own = namespace === CONTROLLER_NAMESPACE ? undefined : settings.ownOf(namespace);
    return [
      ...(own ? [{ scope: { namespace, selfService: true }, settings: own }] : []),
      { scope: { namespace: CONTROLLER_NAMESPACE, selfService: false }, settings: settings.controller() },
    ];
  };
  const notifier = new RolloutNotifier({
    // Without self-service one machine has one configuration: it plays the controller namespace's.
    settings: options.selfService ? scoped : singleSettings('', () => settings.current()),
    dispatcher,
    log,
    ...(options.analysisRuns ? { analysisRuns: options.analysisRuns } : {}),
    ...(store
      ? {
          writeNotified: async (rollout: Rollout, annotation: string | undefined) => {
            const updated = store.update(
              'Rollout',
              rollout.metadata.namespace ?? 'default',
              rollout.metadata.name ?? '',
              (stored) => {
                const annotations = { ...stored.metadata.annotations };
                if (annotation === undefined) delete annotations[NOTIFIED_ANNOTATION];
                else annotations[NOTIFIED_ANNOTATION] = annotation;
                stored.metadata.annotations = annotations;
              },
            );
            return updated?.metadata.resourceVersion;
          },
        }
      : {}),
  });
  const unsubscribe = store?.subscribe((change) => {
    if (change.object.kind !== 'Rollout') return;
    const rollout = change.object as Rollout;
    if (change.type === 'DELETED') notifier.forget(rollout);
    else notifier.observe(rollout, now());
  });
  return {
    notify: (rollout, event, at) => notifier.notify(rollout, event, at),
    onManifests: (sources, verb) => {
      if (verb === 'apply') settings.applyFrom(sources);
      else settings.deleteFrom(sources);
    },
    settings: () => (options.selfService ? settings.controller() : settings.current()),
    settled: () => notifier.settled(),
    close: () => {
      unsubscribe?.();
      dispatcher.close();
    },
  };
}
