// Notifications on a Rollout's state, as the notifications engine's controller sends them (Argo
// Rollouts runs it next to the event recorder): on every change of a Rollout, each trigger the
// Rollout is subscribed to is run; a condition whose `when` holds sends once, and is remembered in
// the Rollout's `notified.notifications.argoproj.io` annotation until the `when` no longer holds
// (then it may send again). With `oncePer`, the value of that expression is part of what is
// remembered, and is never forgotten: one notification per distinct value. A condition without
// `when` never sends here (the engine reads it as `false`); those send on events (notify.ts).
import { formatValue } from '../expr/index.ts';
import { compileNotificationCondition, conditionZone } from './condition.ts';
import type { NotificationConfig, TriggerCondition } from './config.ts';
import { type Outgoing, renderNotification, templateVariables, conditionVariables } from './notify.ts';
import { sha1Base64Url } from './sha1.ts';
import { ANNOTATION_PREFIX, type Destination, destinationsByTrigger } from './subscriptions.ts';

export const NOTIFIED_ANNOTATION = `notified.${ANNOTATION_PREFIX}`;

/** The engine keeps the newest 100 entries. */
const HISTORY_LIMIT = 100;

export interface ConditionResult {
  /** `[index].<base64url(sha1(when))>`. */
  key: string;
  /** The `oncePer` value (Go's %v), '' without oncePer or when the `when` does not hold. */
  oncePer: string;
  templates: string[];
  triggered: boolean;
}

/**
 * Runs a trigger's conditions as the engine's trigger service does: `when` (empty: false) decides
 * `triggered`; `oncePer` is evaluated only for a condition that holds. An expression that fails
 * counts as false (or as no oncePer) and is reported through `problem`.
 */
export function runTrigger(
  conditions: readonly TriggerCondition[],
  variables: Record<string, unknown>,
  now: number,
  problem: (message: string) => void = () => {},
  /** The controller's TZ (see NotificationConfig.timeZone). */
  timeZone?: string,
): ConditionResult[] {
  const options = { now, localZone: conditionZone(timeZone) };
  return conditions.map((condition, index) => {
    const result: ConditionResult = {
      key: `[${index}].${sha1Base64Url(condition.when ?? '')}`,
      oncePer: '',
      templates: [...condition.send],
      triggered: false,
    };
    try {
      result.triggered = compileNotificationCondition(condition.when || 'false').evaluate(variables, options) === true;
    } catch (error) {
      problem(`failed to execute when condition: ${(error as Error).message}`);
    }
    if (result.triggered && condition.oncePer) {
      try {
        result.oncePer = formatValue(compileNotificationCondition(condition.oncePer).evaluate(variables, options));
      } catch (error) {
        problem(`failed to execute oncePer condition: ${(error as Error).message}`);
      }
    }
    return result;
  });
}

/** Where a configuration comes from: the controller's namespace, or (self-service) the Rollout's own. */
export interface ConfigScope {
  namespace: string;
  /** A namespace's own configuration: its entries carry the namespace, so two configurations never share one. */
  selfService: boolean;
}

/** The key of one entry of the annotation (the engine's StateItemKey). */
export function stateKey(
  scope: ConfigScope,
  trigger: string,
  result: ConditionResult,
  destination: Destination,
): string {
  const base = `${trigger}:${result.key}:${destination.service}:${destination.recipient}`;
  const key = scope.selfService ? `${scope.namespace}:${base}` : base;
  return result.oncePer !== '' ? `${result.oncePer}:${key}` : key;
}

/** The annotation's entries (key: Unix seconds when sent); an unreadable annotation is an empty state. */
export function readNotifiedState(annotation: string | undefined): Map<string, number> {
  const state = new Map<string, number>();
  if (!annotation) return state;
  try {
    const parsed = JSON.parse(annotation) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return state;
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== 'number' || !Number.isInteger(value)) return new Map();
      state.set(key, value);
    }
  } catch {
    return new Map();
  }
  return state;
}

/**
 * Marks (or unmarks) one entry; true when that changed the state. An entry with an oncePer value
 * is never unmarked.
 */
function setNotified(
  state: Map<string, number>,
  key: string,
  oncePer: string,
  notified: boolean,
  nowSeconds: number,
): boolean {
  if (state.has(key) === notified) return false;
  if (notified) state.set(key, nowSeconds);
  else {
    if (oncePer !== '') return false;
    state.delete(key);
  }
  return true;
}

/** The annotation's value for `state` (the newest 100 entries, keys sorted, as Go's encoding/json writes it); undefined when empty. */
export function writeNotifiedState(state: Map<string, number>): string | undefined {
  const entries = [...state.entries()];
  if (entries.length > HISTORY_LIMIT) {
    const oldest = [...entries].sort((a, b) => a[1] - b[1]).slice(0, entries.length - HISTORY_LIMIT);
    for (const [key] of oldest) state.delete(key);
  }
  if (state.size === 0) return undefined;
  const sorted = [...state.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const json = `{${sorted.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
  // encoding/json escapes <, > and & (and U+2028, U+2029) in strings.
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface RolloutObject {
  metadata?: {
    namespace?: string;
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

export interface StateOutcome {
  outgoing: Outgoing[];
  /** The annotation's new value (undefined: none); `changed` tells whether it differs from the Rollout's. */
  annotation: string | undefined;
  changed: boolean;
  /** Triggers that are not configured, conditions that failed to run. */
  problems: string[];
}

/**
 * What one change of `rollout` sends with one configuration, and the notified annotation after it.
 * `annotation` is the state to start from (the Rollout's, or what an earlier configuration left).
 */
export function notificationsForState(
  rollout: RolloutObject,
  config: NotificationConfig,
  secrets: Readonly<Record<string, string>>,
  now: number,
  scope: ConfigScope,
  runs?: readonly unknown[],
  annotation: string | undefined = rollout.metadata?.annotations?.[NOTIFIED_ANNOTATION],
): StateOutcome {
  const outcome: StateOutcome = { outgoing: [], annotation, changed: false, problems: [] };
  const byTrigger = destinationsByTrigger(config, rollout.metadata?.labels, rollout.metadata?.annotations);
  if (byTrigger.size === 0) return outcome;
  const state = readNotifiedState(annotation);
  const variables = templateVariables(rollout, secrets, now, runs);
  const nowSeconds = Math.floor(now / 1000);
  for (const [trigger, destinations] of byTrigger) {
    const conditions = config.triggers.get(trigger);
    if (!conditions) {
      outcome.problems.push(`trigger '${trigger}' is not configured (namespace ${scope.namespace})`);
      continue;
    }
    const results = runTrigger(
      conditions,
      conditionVariables(variables, now, config.timeZone),
      now,
      (message) => outcome.problems.push(`trigger '${trigger}': ${message}`),
      config.timeZone,
    );
    for (const result of results) {
      for (const destination of destinations) {
        const key = stateKey(scope, trigger, result, destination);
        if (!setNotified(state, key, result.oncePer, result.triggered, nowSeconds) || !result.triggered) continue;
        const serviceType = config.services.get(destination.service)?.type;
        const base = { trigger, destination, serviceType, templates: result.templates };
        try {
          const notification = renderNotification(
            config,
            result.templates,
            { ...variables, serviceType: destination.service, recipient: destination.recipient },
            now,
          );
          outcome.outgoing.push({ ...base, notification });
        } catch (error) {
          outcome.outgoing.push({ ...base, notification: undefined, error: (error as Error).message });
        }
      }
    }
  }
  outcome.annotation = writeNotifiedState(state);
  outcome.changed = outcome.annotation !== annotation;
  return outcome;
}
