// Who is subscribed to which trigger, as the notifications engine reads it: the Rollout's
// annotations `notifications.argoproj.io/subscribe.<trigger>.<service>: <recipient>;<recipient>`
// (`subscribe.<service>` alone subscribes to the default triggers), the YAML list of
// `notifications.argoproj.io/subscriptions`, and the ConfigMap's `subscriptions` whose label
// selector matches the Rollout.
import { parse as parseYaml } from 'yaml';
import type { NotificationConfig } from './config.ts';

export const ANNOTATION_PREFIX = 'notifications.argoproj.io';

export interface Destination {
  service: string;
  recipient: string;
}

/** One subscription as written: where it came from, for lint. */
export interface AnnotationSubscription {
  annotation: string;
  /** '' when the annotation names no trigger (the default triggers apply). */
  trigger: string;
  service: string;
  recipients: string[];
}

function splitRecipients(value: string): string[] {
  if (value === '') return [''];
  return value
    .split(';')
    .map((recipient) => recipient.trim())
    .filter((recipient) => recipient !== '');
}

/** The subscriptions a Rollout's annotations hold. */
export function annotationSubscriptions(
  annotations: Readonly<Record<string, string>> | undefined,
): AnnotationSubscription[] {
  const found: AnnotationSubscription[] = [];
  const prefix = `${ANNOTATION_PREFIX}/subscribe.`;
  const listKey = `${ANNOTATION_PREFIX}/subscriptions`;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (key.startsWith(prefix)) {
      const parts = key.slice(prefix.length).split('.');
      const [trigger, service] =
        parts.length >= 2 ? [parts[0] as string, parts[1] as string] : ['', parts[0] as string];
      found.push({ annotation: key, trigger, service, recipients: splitRecipients(value) });
    } else if (key.startsWith(listKey)) {
      let list: unknown;
      try {
        list = parseYaml(value);
      } catch {
        continue;
      }
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        const entry = (item ?? {}) as { trigger?: unknown; destinations?: unknown };
        const triggers = Array.isArray(entry.trigger) ? entry.trigger.filter((t) => typeof t === 'string') : [];
        const destinations = Array.isArray(entry.destinations) ? entry.destinations : [];
        for (const trigger of triggers.length > 0 ? triggers : ['']) {
          for (const destination of destinations) {
            const d = (destination ?? {}) as { service?: unknown; recipients?: unknown };
            if (typeof d.service !== 'string') continue;
            const recipients = Array.isArray(d.recipients) ? d.recipients.filter((r) => typeof r === 'string') : [];
            found.push({ annotation: key, trigger, service: d.service, recipients });
          }
        }
      }
    }
  }
  return found;
}

/** The destinations of `trigger` for an object with these labels and annotations. */
export function destinationsFor(
  trigger: string,
  config: NotificationConfig,
  labels: Readonly<Record<string, string>> | undefined,
  annotations: Readonly<Record<string, string>> | undefined,
): Destination[] {
  const destinations: Destination[] = [];
  for (const subscription of config.subscriptions) {
    const triggers = subscription.triggers.length > 0 ? subscription.triggers : config.defaultTriggers;
    if (!triggers.includes(trigger) || !selectorMatches(subscription.selector, labels ?? {})) continue;
    for (const recipient of subscription.recipients) {
      const [service, ...rest] = recipient.split(':');
      destinations.push({ service: service as string, recipient: rest.length > 0 ? (rest[0] as string) : '' });
    }
  }
  for (const subscription of annotationSubscriptions(annotations)) {
    const triggers =
      subscription.trigger !== ''
        ? [subscription.trigger]
        : (config.serviceDefaultTriggers.get(subscription.service) ?? config.defaultTriggers);
    if (!triggers.includes(trigger)) continue;
    for (const recipient of subscription.recipients) destinations.push({ service: subscription.service, recipient });
  }
  return destinations;
}

/**
 * Every trigger the object is subscribed to, with its destinations (each once), as the engine's
 * controller gathers them: the ConfigMap's subscriptions, then the annotations.
 */
export function destinationsByTrigger(
  config: NotificationConfig,
  labels: Readonly<Record<string, string>> | undefined,
  annotations: Readonly<Record<string, string>> | undefined,
): Map<string, Destination[]> {
  const triggers = new Set<string>();
  for (const subscription of config.subscriptions)
    for (const trigger of subscription.triggers.length > 0 ? subscription.triggers : config.defaultTriggers)
      triggers.add(trigger);
  for (const subscription of annotationSubscriptions(annotations)) {
    const named =
      subscription.trigger !== ''
        ? [subscription.trigger]
        : (config.serviceDefaultTriggers.get(subscription.service) ?? config.defaultTriggers);
    for (const trigger of named) triggers.add(trigger);
  }
  const byTrigger = new Map<string, Destination[]>();
  for (const trigger of triggers) {
    const seen = new Set<string>();
    const unique = destinationsFor(trigger, config, labels, annotations).filter((destination) => {
      const key = `${destination.service}\0${destination.recipient}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (unique.length > 0) byTrigger.set(trigger, unique);
  }
  return byTrigger;
}

/** A Kubernetes label selector (`a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`); '' matches all. */
export function selectorMatches(selector: string, labels: Readonly<Record<string, string>>): boolean {
  const requirements = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return requirements.every((raw) => {
    const requirement = raw.trim();
    if (requirement === '') return true;
    let match = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(requirement);
    if (match) {
      const values = (match[3] as string).split(',').map((v) => v.trim());
      const has = Object.hasOwn(labels, match[1] as string) && values.includes(labels[match[1] as string] as string);
      return match[2] === 'in' ? has : !has;
    }
    match = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(requirement);
    if (match) {
      const value = labels[match[1] as string];
      return match[2] === '!=' ? value !== match[3] : value === match[3];
    }
    if (requirement.startsWith('!')) return !Object.hasOwn(labels, requirement.slice(1).trim());
    return Object.hasOwn(labels, requirement);
  });
}
