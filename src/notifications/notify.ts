// What one event of a Rollout sends, as Argo Rollouts decides it (utils/record): the event's
// reason names the trigger (RolloutStepCompleted -> on-rollout-step-completed); each destination
// subscribed to that trigger gets, for each of the trigger's conditions that holds (no `when`, or
// a `when` that is true), one notification made of the condition's templates. As in Argo Rollouts,
// this event path does not read `oncePer` nor the notified annotation: every event sends (the
// state path, notified.ts, is where `oncePer` counts).
import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from '../conventions/labels.ts';
import { compileNotificationCondition, conditionTime, conditionZone, parseRfc3339 } from './condition.ts';
import type { NotificationConfig } from './config.ts';
import { destinationsFor, type Destination } from './subscriptions.ts';
import { GoFunc, GoTime } from './template/index.ts';

/** A notification's fields after its templates ran (message, slack.attachments, webhook.<name>.body, ...). */
export type Notification = Record<string, unknown>;

export interface Outgoing {
  trigger: string;
  destination: Destination;
  /** The service's type (webhook, slack, ...); undefined when no service of that name is configured. */
  serviceType: string | undefined;
  templates: string[];
  /** The notification, or why it could not be made. */
  notification: Notification | undefined;
  error?: string;
}

/** RolloutStepCompleted -> on-rollout-step-completed (Argo's translateReasonToTrigger). */
export function triggerOfReason(reason: string): string {
  const words = reason.replace(/(.)([A-Z][a-z]+)/g, '$1-$2').replace(/([a-z0-9])([A-Z])/g, '$1-$2');
  return `on-${words.toLowerCase()}`;
}

export interface EventObject {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

interface RunLike {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; creationTimestamp?: string };
}

/**
 * Argo's `analysisRuns` variable: the runs of the rollout's current pod template hash and revision,
 * newest first; null when there are none.
 */
export function analysisRunsOfRevision(rollout: unknown, runs: readonly unknown[]): unknown[] | null {
  const r = rollout as { status?: { currentPodHash?: string }; metadata?: { annotations?: Record<string, string> } };
  const hash = r.status?.currentPodHash ?? '';
  const revision = r.metadata?.annotations?.[REVISION_ANNOTATION] ?? '';
  const matching = (runs as RunLike[])
    .filter(
      (run) =>
        run.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] === hash &&
        (run.metadata?.annotations?.[REVISION_ANNOTATION] ?? '') === revision,
    )
    .sort((a, b) => Date.parse(b.metadata?.creationTimestamp ?? '') - Date.parse(a.metadata?.creationTimestamp ?? ''));
  return matching.length === 0 ? null : matching.map((run) => structuredClone(run));
}

/**
 * The variables templates and conditions see: `rollout`, `time`, `secrets`, `analysisRuns` when the
 * runtime gives the runs (and, when sent, `recipient`, `serviceType`).
 */
export function templateVariables(
  rollout: unknown,
  secrets: Readonly<Record<string, string>>,
  now: number,
  runs?: readonly unknown[],
): Record<string, unknown> {
  return {
    rollout,
    ...(runs ? { analysisRuns: analysisRunsOfRevision(rollout, runs) } : {}),
    secrets: { ...secrets },
    time: {
      Now: new GoFunc(() => new GoTime(now)),
      // Go's time.Parse(time.RFC3339, text), as a condition's time.Parse (the template's time keeps
      // milliseconds), in the zone of the text's offset as Go keeps it: `.Format "15:04"` of
      // 10:00:00+02:00 is 10:00.
      Parse: new GoFunc((text: unknown) => {
        const parsed = parseRfc3339(typeof text === 'string' ? text : String(text ?? ''));
        const ns = parsed.nanoseconds;
        return new GoTime(Number(ns / 1_000_000n - (ns % 1_000_000n < 0n ? 1n : 0n)), parsed.zone);
      }),
    },
  };
}

/** The names a `when` or `oncePer` may use: the variables Argo Rollouts gives its conditions. */
export const CONDITION_VARIABLES: readonly string[] = ['rollout', 'analysisRuns', 'time', 'secrets'];

/**
 * The variables of a `when` or `oncePer`, from the templates' (`templateVariables`): `rollout`,
 * `analysisRuns` (null without runs), `secrets`, and `time` (time.Now() answering `now`,
 * time.Parse(text) reading RFC 3339; see condition.ts).
 */
export function conditionVariables(
  variables: Record<string, unknown>,
  now: number,
  timeZone?: string,
): Record<string, unknown> {
  return {
    rollout: variables.rollout,
    analysisRuns: variables.analysisRuns ?? null,
    secrets: variables.secrets,
    time: conditionTime(now, conditionZone(timeZone)),
  };
}

function conditionHolds(
  when: string | undefined,
  variables: Record<string, unknown>,
  now: number,
  timeZone: string | undefined,
): boolean {
  if (when === undefined || when === '') return true;
  try {
    const localZone = conditionZone(timeZone);
    return (
      compileNotificationCondition(when).evaluate(conditionVariables(variables, now, timeZone), { now, localZone }) ===
      true
    );
  } catch {
    // As Argo: a condition that fails to evaluate does not send.
    return false;
  }
}

/**
 * The notifications one event of `rollout` (the object as JSON) sends. `secrets` is the
 * notification Secret's data (decoded), `now` the time `time.Now` gives.
 */
export function notificationsForEvent(
  reason: string,
  rollout: EventObject,
  config: NotificationConfig,
  secrets: Readonly<Record<string, string>>,
  now: number,
  runs?: readonly unknown[],
): Outgoing[] {
  const trigger = triggerOfReason(reason);
  const destinations = destinationsFor(trigger, config, rollout.metadata?.labels, rollout.metadata?.annotations);
  if (destinations.length === 0) return [];
  const conditions = config.triggers.get(trigger);
  if (!conditions) return [];
  const variables = templateVariables(rollout, secrets, now, runs);
  const outgoing: Outgoing[] = [];
  for (const destination of destinations) {
    for (const condition of conditions) {
      if (!conditionHolds(condition.when, variables, now, config.timeZone)) continue;
      const serviceType = config.services.get(destination.service)?.type;
      const base = { trigger, destination, serviceType, templates: condition.send };
      try {
        const notification = renderNotification(
          config,
          condition.send,
          {
            ...variables,
            serviceType: destination.service,
            recipient: destination.recipient,
          },
          now,
        );
        outgoing.push({ ...base, notification });
      } catch (error) {
        outgoing.push({ ...base, notification: undefined, error: (error as Error).message });
      }
    }
  }
  return outgoing;
}

/** Runs the named templates in order over `variables`; a later template's fields replace an earlier one's. */
export function renderNotification(
  config: NotificationConfig,
  templates: readonly string[],
  variables: Record<string, unknown>,
  now: number,
): Notification {
  const notification: Notification = {};
  for (const name of templates) {
    const template = config.templates.get(name);
    if (!template) throw new Error(`template '${name}' is not supported`);
    copySettings(template.spec, notification);
    for (const [path, compiled] of template.fields) {
      const value = compiled.execute(variables, { now });
      // As Argo: an empty message leaves an earlier template's message.
      if (path === 'message' && value === '') continue;
      setPath(notification, path, value);
    }
    // As Argo's Alertmanager templater: the alert is named after the template unless it names itself.
    const alertmanager = template.spec.alertmanager as { labels?: unknown } | undefined;
    if (alertmanager?.labels && typeof alertmanager.labels === 'object' && !('alertname' in alertmanager.labels))
      setPath(notification, 'alertmanager.labels.alertname', name);
  }
  return notification;
}

/** Non-string fields (notifyBroadcast, ...) and settings copied as written. */
function copySettings(spec: Record<string, unknown>, into: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(spec)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const inner = (into[key] && typeof into[key] === 'object' ? into[key] : {}) as Record<string, unknown>;
      into[key] = inner;
      copySettings(value as Record<string, unknown>, inner);
    } else if (typeof value !== 'string' || /method|deliveryPolicy/.test(key)) into[key] = value;
  }
}

function setPath(target: Record<string, unknown>, path: string, value: string): void {
  const parts = path.split('.');
  let current = target;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (!next || typeof next !== 'object') current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1] as string] = value;
}
