// The local runtime's notifications: settings from the manifests given to `sluice run` and
// `sluice apply` (kept in the state folder), the rollout loop's events handed to the notifier, and
// sends logged (there is no controller /metrics locally).
import type { Rollout } from '../../../api/types/rollout.ts';
import type { ManifestSource } from '../../../api/manifests/yaml-documents.ts';
import type { RolloutEvent } from '../../../engine/types.ts';
import { NotificationDispatcher, type DispatcherOptions } from '../../notifications/dispatcher.ts';
import { RolloutNotifier } from '../../notifications/notifier.ts';
import { LocalNotificationSettings } from './local-settings.ts';

export interface LocalNotifications {
  notify(rollout: Rollout, event: RolloutEvent, now: number): void;
  onManifests(sources: readonly ManifestSource[], verb: 'apply' | 'delete'): void;
  close(): void;
}

export function localNotifications(
  stateDir: string,
  initial: readonly ManifestSource[],
  log: (line: string) => void,
  analysisRuns?: (namespace: string) => readonly unknown[],
  retry: Pick<DispatcherOptions, 'attempts' | 'baseDelayMs' | 'maxDelayMs' | 'timeoutMs'> = {},
): LocalNotifications {
  const settings = new LocalNotificationSettings(stateDir);
  if (initial.length > 0) settings.applyFrom(initial);
  const dispatcher = new NotificationDispatcher({ log, ...retry });
  const notifier = new RolloutNotifier({
    settings: () => settings.current(),
    dispatcher,
    log,
    ...(analysisRuns ? { analysisRuns } : {}),
  });
  return {
    notify: (rollout, event, now) => notifier.notify(rollout, event, now),
    onManifests: (sources, verb) => {
      if (verb === 'apply') settings.applyFrom(sources);
      else settings.deleteFrom(sources);
    },
    close: () => dispatcher.close(),
  };
}
