// Turns a Rollout's events and changes into notifications, for both runtimes, as Argo Rollouts
// does on its two paths:
// - events: the event sink of the rollout loop is wrapped (notifyingSink), so every event the loop
//   records also goes to `notify`, which runs the trigger named after the event's reason;
// - state: every change of a Rollout goes to `observe`, which runs every subscribed trigger with a
//   `when`, sends what newly holds, and writes what was sent to the Rollout's
//   `notified.notifications.argoproj.io` annotation (notifications/notified.ts: `oncePer`).
// Each reads the current configurations (the controller namespace's ConfigMap and Secret, and with
// self-service the Rollout namespace's), decides what to send and hands it to the dispatcher.
// Nothing here waits on a receiver: `notify` and `observe` return at once.
import type { Rollout } from '../../api/types/rollout.ts';
import type { RolloutEvent } from '../../engine/types.ts';
import { type NotificationConfig, parseNotificationConfig } from '../../notifications/config.ts';
import { NOTIFIED_ANNOTATION, notificationsForState, type ConfigScope } from '../../notifications/notified.ts';
import { notificationsForEvent, triggerOfReason } from '../../notifications/notify.ts';
import { destinationsFor } from '../../notifications/subscriptions.ts';
import type { NotificationDispatcher } from './dispatcher.ts';

/** The notification ConfigMap's and Secret's data (the Secret's decoded); undefined: none. */
export interface NotificationSettings {
  configMap: Record<string, string> | undefined;
  secret: Record<string, string> | undefined;
}

/** One configuration that applies to a Rollout: where it is read from, and its data. */
export interface ScopedSettings {
  scope: ConfigScope;
  settings: NotificationSettings;
}

export interface NotifierOptions {
  /**
   * The configurations that apply to a Rollout of `namespace` (the controller's; with self-service
   * also the namespace's own); may read them from the API (called off the reconcile path). A
   * settings object given is never changed afterwards (an unchanged one may be given again).
   */
  settings: (namespace: string) => readonly ScopedSettings[] | Promise<readonly ScopedSettings[]>;
  dispatcher: NotificationDispatcher;
  log: (line: string) => void;
  /** The AnalysisRuns of the rollout's namespace, for the templates' `analysisRuns`. */
  analysisRuns?: (namespace: string) => readonly unknown[];
  /**
   * Writes the notified annotation of a Rollout (undefined: removes it); resolves to the Rollout's
   * resourceVersion after the write. Without it the state path does not run.
   */
  writeNotified?: (rollout: Rollout, annotation: string | undefined) => Promise<string | undefined>;
}

export class RolloutNotifier {
  readonly #options: NotifierOptions;
  readonly #parsed = new Map<string, { settings: NotificationSettings; key: string; config: NotificationConfig }>();
  /** The annotation last written per Rollout, and the resourceVersion that write made. */
  readonly #written = new Map<string, { annotation: string | undefined; resourceVersion: string | undefined }>();
  /**
   * Per namespace of Rollouts: whether a configuration that applies to it had a ConfigMap when last
   * read. Without one nothing can be sent, so nothing reads the Rollout after notify or observe
   * returns and it is not copied (a copy per Event and per change of every Rollout was a share of the
   * controller's CPU). The first read after a ConfigMap appears sees the Rollout as it is then.
   */
  readonly #configured = new Map<string, boolean>();
  /**
   * Per namespace of Rollouts: the configurations with a ConfigMap that applied when last read. An
   * Event none of them has a trigger and a destination for is sent nowhere, so the Rollout is not
   * copied for it (a ConfigMap with the catalog but no subscription of this Rollout's costs no copy).
   */
  readonly #lastConfigs = new Map<string, readonly NotificationConfig[]>();
  /** Events are handled one after another, so their notifications queue in the order of the events. */
  #chain: Promise<void> = Promise.resolve();

  constructor(options: NotifierOptions) {
    this.#options = options;
  }

  notify(rollout: Rollout, event: RolloutEvent, now: number): void {
    const snapshot = this.#couldSend(rollout, event.reason) ? this.#snapshot(rollout) : rollout;
    this.#enqueue(() => this.#handleEvent(snapshot, event, now));
  }

  /** A Rollout was added or changed: sends what its `when` conditions newly hold for (the state path). */
  observe(rollout: Rollout, now: number): void {
    if (!this.#options.writeNotified) return;
    const snapshot = this.#snapshot(rollout);
    this.#enqueue(() => this.#handleChange(snapshot, now));
  }

  /** A Rollout was deleted: what was written for it is forgotten. */
  forget(rollout: Rollout): void {
    this.#written.delete(rolloutKey(rollout));
  }

  /** Resolves once every event and change given so far is turned into queued notifications. */
  settled(): Promise<void> {
    return this.#chain;
  }

  /** The Rollout as it is now, for work done later: a copy unless no configuration could send. */
  #snapshot(rollout: Rollout): Rollout {
    return this.#configured.get(rollout.metadata.namespace ?? 'default') === false ? rollout : structuredClone(rollout);
  }

  /** False when the configurations last read have no trigger with a destination for this reason and Rollout. */
  #couldSend(rollout: Rollout, reason: string): boolean {
    const configs = this.#lastConfigs.get(rollout.metadata.namespace ?? 'default');
    if (configs === undefined) return true;
    const trigger = triggerOfReason(reason);
    const { labels, annotations } = rollout.metadata;
    return configs.some(
      (config) => config.triggers.has(trigger) && destinationsFor(trigger, config, labels, annotations).length > 0,
    );
  }

  /** The configurations of a namespace, remembering whether any could send. */
  async #settingsOf(namespace: string): Promise<readonly ScopedSettings[]> {
    const scoped = await this.#options.settings(namespace);
    this.#configured.set(
      namespace,
      scoped.some(({ settings }) => settings.configMap !== undefined),
    );
    return scoped;
  }

  #enqueue(work: () => Promise<void>): void {
    this.#chain = this.#chain
      .then(work)
      .catch((error: unknown) => this.#options.log(`notifications: ${(error as Error).message}`));
  }

  async #handleEvent(rollout: Rollout, event: RolloutEvent, now: number): Promise<void> {
    const namespace = rollout.metadata.namespace ?? 'default';
    const runs = this.#options.analysisRuns?.(namespace);
    const configs: NotificationConfig[] = [];
    for (const { scope, settings } of await this.#settingsOf(namespace)) {
      if (!settings.configMap) continue;
      const config = this.#configOf(scope, settings);
      configs.push(config);
      const outgoing = notificationsForEvent(event.reason, rollout, config, settings.secret ?? {}, now, runs);
      if (outgoing.length === 0) continue;
      this.#options.dispatcher.enqueue(outgoing, config, {
        namespace,
        name: rollout.metadata.name ?? '',
        type: event.type,
        reason: event.reason,
      });
    }
    this.#lastConfigs.set(namespace, configs);
  }

  async #handleChange(rollout: Rollout, now: number): Promise<void> {
    const key = rolloutKey(rollout);
    const namespace = rollout.metadata.namespace ?? 'default';
    let annotation = rollout.metadata.annotations?.[NOTIFIED_ANNOTATION];
    const written = this.#written.get(key);
    // A change seen before our own write landed still carries the annotation from before it.
    if (written && isOlder(rollout.metadata.resourceVersion, written.resourceVersion)) annotation = written.annotation;
    const start = annotation;
    const runs = this.#options.analysisRuns?.(namespace);
    for (const { scope, settings } of await this.#settingsOf(namespace)) {
      if (!settings.configMap) continue;
      const config = this.#configOf(scope, settings);
      const outcome = notificationsForState(rollout, config, settings.secret ?? {}, now, scope, runs, annotation);
      for (const problem of outcome.problems) this.#options.log(`notifications: rollout ${key}: ${problem}`);
      annotation = outcome.annotation;
      if (outcome.outgoing.length > 0)
        this.#options.dispatcher.enqueue(
          outcome.outgoing,
          config,
          { namespace, name: rollout.metadata.name ?? '', type: 'Normal', reason: '' },
          { counted: false },
        );
    }
    if (annotation === start) return;
    const resourceVersion = await this.#options.writeNotified?.(rollout, annotation);
    this.#written.set(key, { annotation, resourceVersion });
  }

  #configOf(where: ConfigScope, settings: NotificationSettings): NotificationConfig {
    const cached = this.#parsed.get(where.namespace);
    // The same settings object as last time (a cache's, unchanged) needs no comparison.
    if (cached?.settings === settings) return cached.config;
    const key = JSON.stringify([settings.configMap, settings.secret]);
    if (cached?.key === key) {
      cached.settings = settings;
      return cached.config;
    }
    // A namespace's own configuration holds what it names: Argo's catalog is the controller's.
    const config = parseNotificationConfig(settings.configMap, settings.secret, {
      catalog: !where.selfService,
      // Conditions read time.Now() in the controller's zone, as the engine does in its pod.
      timeZone: process.env.TZ,
    });
    for (const problem of config.problems)
      this.#options.log(
        `notifications: argo-rollouts-notification-configmap (namespace ${where.namespace}) ${problem.key}: ${problem.message}`,
      );
    this.#parsed.set(where.namespace, { settings, key, config });
    return config;
  }
}

function rolloutKey(rollout: Rollout): string {
  return `${rollout.metadata.namespace ?? 'default'}/${rollout.metadata.name ?? ''}`;
}

/** True when resourceVersion `a` is known to come before `b` (both integers, as the API server's are). */
function isOlder(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return BigInt(a) < BigInt(b);
}

/** The one configuration of a runtime without self-service: the controller namespace's. */
export function singleSettings(
  namespace: string,
  settings: () => NotificationSettings | Promise<NotificationSettings>,
): () => Promise<readonly ScopedSettings[]> {
  return async () => [{ scope: { namespace, selfService: false }, settings: await settings() }];
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
