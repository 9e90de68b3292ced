// Turns a Rollout's events into notifications, for both runtimes: the event sink of the rollout
// loop is wrapped (notifyingSink), so every event the loop records also goes to the notifier. The
// notifier reads the current settings (the ConfigMap and Secret, from where the runtime keeps
// them), decides what the event sends (notifications/notify.ts) and hands it to the dispatcher.
// Nothing here waits on a receiver: `notify` returns at once.
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutEvent } from '../../engine/types.ts';
import { type NotificationConfig, parseNotificationConfig } from '../../notifications/config.ts';
import { notificationsForEvent } from '../../notifications/notify.ts';
import type { NotificationDispatcher } from './dispatcher.ts';

/** The notification ConfigMap's and Secret's data (the Secret's decoded); undefined: none. */
export interface NotificationSettings {
  configMap: Record<string, string> | undefined;
  secret: Record<string, string> | undefined;
}

export interface NotifierOptions {
  /** The current settings; may read them from the API (called once per event, off the reconcile path). */
  settings: () => NotificationSettings | Promise<NotificationSettings>;
  dispatcher: NotificationDispatcher;
  log: (line: string) => void;
  /** The AnalysisRuns of the rollout's namespace, for the templates' `analysisRuns`. */
  analysisRuns?: (namespace: string) => readonly unknown[];
}

export class RolloutNotifier {
  readonly #options: NotifierOptions;
  #parsed: { key: string; config: NotificationConfig } | undefined;
  /** Events are handled one after another, so their notifications queue in the order of the events. */
  #chain: Promise<void> = Promise.resolve();

  constructor(options: NotifierOptions) {
    this.#options = options;
  }

  notify(rollout: Rollout, event: RolloutEvent, now: number): void {
    const snapshot = structuredClone(rollout);
    this.#chain = this.#chain
      .then(() => this.#handle(snapshot, event, now))
      .catch((error: unknown) => this.#options.log(`notifications: ${(error as Error).message}`));
  }

  /** Resolves once every event given so far is turned into queued notifications. */
  settled(): Promise<void> {
    return this.#chain;
  }

  async #handle(rollout: Rollout, event: RolloutEvent, now: number): Promise<void> {
    const settings = await this.#options.settings();
    if (!settings.configMap) return;
    const config = this.#configOf(settings);
    const runs = this.#options.analysisRuns?.(rollout.metadata.namespace ?? 'default');
    const outgoing = notificationsForEvent(event.reason, rollout, config, settings.secret ?? {}, now, runs);
    if (outgoing.length === 0) return;
    this.#options.dispatcher.enqueue(outgoing, config, {
      namespace: rollout.metadata.namespace ?? 'default',
      name: rollout.metadata.name ?? '',
      type: event.type,
      reason: event.reason,
    });
  }

  #configOf(settings: NotificationSettings): NotificationConfig {
    const key = JSON.stringify([settings.configMap, settings.secret]);
    if (this.#parsed?.key !== key) {
      const config = parseNotificationConfig(settings.configMap, settings.secret);
      for (const problem of config.problems)
        this.#options.log(`notifications: argo-rollouts-notification-configmap ${problem.key}: ${problem.message}`);
      this.#parsed = { key, config };
    }
    return this.#parsed.config;
  }
}

/** A sink that records as `sink` does and also hands each event of a Rollout to the notifier. */
export function notifyingSink<O, R>(
  sink: { record(object: O, event: RolloutEvent, now: number): R },
  notifier: RolloutNotifier,
  rolloutOf: (object: O) => Rollout | undefined,
): { record(object: O, event: RolloutEvent, now: number): R } {
  return {
    record: (object, event, now) => {
      const rollout = rolloutOf(object);
      if (rollout) notifier.notify(rollout, event, now);
      return sink.record(object, event, now);
    },
  };
}
