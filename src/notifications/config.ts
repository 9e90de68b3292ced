// The notification configuration as Argo Rollouts reads it from the ConfigMap
// `argo-rollouts-notification-configmap` and the Secret `argo-rollouts-notification-secret`:
// `service.<type>[.<name>]`, `template.<name>`, `trigger.<name>`, `defaultTriggers`,
// `defaultTriggers.<service>` and `subscriptions`, with `$key` in a service's settings replaced by
// the Secret's value. Argo's catalog (catalog.ts) fills in the triggers and templates the ConfigMap
// does not define. Problems are collected (for lint and the logs), never thrown: a bad entry is
// left out and the rest still works.
import { parse as parseYaml } from 'yaml';
import { compileNotificationCondition } from './condition.ts';
import { catalogTemplates, catalogTriggers } from './catalog.ts';
import { compileTemplate, type CompiledTemplate, TemplateError } from './template/index.ts';

export const NOTIFICATION_CONFIGMAP = 'argo-rollouts-notification-configmap';
export const NOTIFICATION_SECRET = 'argo-rollouts-notification-secret';

export interface TriggerCondition {
  send: string[];
  when?: string;
  oncePer?: string;
  description?: string;
}

export interface ServiceConfig {
  /** The service type: webhook, slack, teams, email, ... */
  type: string;
  /** Its settings, secrets filled in. */
  options: Record<string, unknown>;
}

/** A template's fields, each string compiled as a Go template (except the few that are settings). */
export interface NotificationTemplate {
  name: string;
  /** The template as written (YAML decoded). */
  spec: Record<string, unknown>;
  /** Compiled string fields by their dotted path ("message", "slack.attachments", "webhook.github.body"). */
  fields: Map<string, CompiledTemplate>;
}

export interface DefaultSubscription {
  recipients: string[];
  triggers: string[];
  selector: string;
}

export interface ConfigProblem {
  /** The ConfigMap key the problem is in. */
  key: string;
  message: string;
}

export interface NotificationConfig {
  services: Map<string, ServiceConfig>;
  templates: Map<string, NotificationTemplate>;
  triggers: Map<string, TriggerCondition[]>;
  defaultTriggers: string[];
  serviceDefaultTriggers: Map<string, string[]>;
  subscriptions: DefaultSubscription[];
  problems: ConfigProblem[];
  /**
   * The controller's TZ: the zone time.Now() is in for triggers' conditions (`Hour()`, `Format`);
   * UTC when unset, as in the controller's pod.
   */
  timeZone?: string;
}

/** Fields of a template that are settings, not templates. */
const settingFields = new Set(['slack.notifyBroadcast', 'slack.deliveryPolicy']);

/**
 * Reads the ConfigMap's data and the Secret's data (values already decoded from base64). Without a
 * ConfigMap (undefined) there is no configuration: no services, so nothing is sent.
 */
export function parseNotificationConfig(
  configMap: Readonly<Record<string, string>> | undefined,
  secret: Readonly<Record<string, string>> = {},
  options: { catalog?: boolean; timeZone?: string | undefined } = {},
): NotificationConfig {
  const config: NotificationConfig = {
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    services: new Map(),
    templates: new Map(),
    triggers: new Map(),
    defaultTriggers: [],
    serviceDefaultTriggers: new Map(),
    subscriptions: [],
    problems: [],
  };
  const problem = (key: string, message: string): void => {
    config.problems.push({ key, message });
  };
  const data = configMap ?? {};
  if (options.catalog !== false) {
    for (const [name, source] of Object.entries(catalogTemplates)) addTemplate(config, name, source, undefined);
    for (const [name, conditions] of Object.entries(catalogTriggers)) config.triggers.set(name, conditions);
  }

  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') {
      problem(key, 'the value must be a string');
      continue;
    }
    const parts = key.split('.');
    if (key.startsWith('template.')) {
      addTemplate(config, parts.slice(1).join('.'), value, key);
    } else if (key.startsWith('service.')) {
      if (parts.length !== 2 && parts.length !== 3) {
        problem(key, `invalid service key; expected 'service.<type>(.<name>)' but got '${key}'`);
        continue;
      }
      const type = parts[1] as string;
      const name = (parts.length === 3 ? parts[2] : parts[1]) as string;
      const options = readYaml(value, key, problem);
      if (options === undefined) continue;
      if (options !== null && (typeof options !== 'object' || Array.isArray(options))) {
        problem(key, 'the service settings must be a YAML mapping');
        continue;
      }
      config.services.set(name, { type, options: fillSecrets(options ?? {}, secret) as Record<string, unknown> });
    } else if (key.startsWith('trigger.')) {
      const name = parts.slice(1).join('.');
      const conditions = readTrigger(value, key, problem);
      if (conditions) config.triggers.set(name, conditions);
    } else if (key === 'defaultTriggers' || key.startsWith('defaultTriggers.')) {
      const list = readYaml(value, key, problem);
      if (list === undefined) continue;
      if (!isStringList(list)) {
        problem(key, 'defaultTriggers must be a YAML list of trigger names');
        continue;
      }
      if (key === 'defaultTriggers') config.defaultTriggers = list;
      else config.serviceDefaultTriggers.set(parts.slice(1).join('.'), list);
    } else if (key === 'subscriptions') {
      const list = readYaml(value, key, problem);
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        problem(key, 'subscriptions must be a YAML list of {recipients, triggers, selector}');
        continue;
      }
      for (const [index, item] of list.entries()) {
        const entry = (item ?? {}) as Record<string, unknown>;
        const recipients = entry.recipients ?? [];
        const triggers = entry.triggers ?? [];
        if (
          !isStringList(recipients) ||
          !isStringList(triggers) ||
          (entry.selector !== undefined && typeof entry.selector !== 'string')
        ) {
          problem(
            key,
            `subscriptions[${index}]: recipients and triggers are lists of strings, selector a label selector string`,
          );
          continue;
        }
        config.subscriptions.push({ recipients, triggers, selector: (entry.selector as string | undefined) ?? '' });
      }
    } else if (key !== 'context' && !key.startsWith('context.')) {
      problem(
        key,
        `unknown key: Argo reads service.<type>, template.<name>, trigger.<name>, defaultTriggers and subscriptions`,
      );
    }
  }
  checkReferences(config, data);
  return config;
}

function readYaml(text: string, key: string, problem: (key: string, message: string) => void): unknown {
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    problem(key, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function readTrigger(
  text: string,
  key: string,
  problem: (key: string, message: string) => void,
): TriggerCondition[] | undefined {
  const list = readYaml(text, key, problem);
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) {
    problem(key, 'a trigger is a YAML list of conditions ({send, when, oncePer})');
    return undefined;
  }
  const conditions: TriggerCondition[] = [];
  for (const [index, item] of list.entries()) {
    const entry = (item ?? {}) as Record<string, unknown>;
    if (!isStringList(entry.send ?? [])) {
      problem(key, `condition ${index}: send must be a list of template names`);
      return undefined;
    }
    for (const field of ['when', 'oncePer', 'description'] as const) {
      if (entry[field] !== undefined && typeof entry[field] !== 'string') {
        problem(key, `condition ${index}: ${field} must be a string`);
        return undefined;
      }
    }
    const condition: TriggerCondition = { send: (entry.send as string[] | undefined) ?? [] };
    for (const field of ['when', 'oncePer', 'description'] as const) {
      const value = entry[field] as string | undefined;
      if (value !== undefined) condition[field] = value;
    }
    for (const field of ['when', 'oncePer'] as const) {
      const source = condition[field];
      if (source === undefined || source === '') continue;
      try {
        compileNotificationCondition(source);
      } catch (error) {
        problem(key, `condition ${index}: ${field} does not compile: ${(error as Error).message}`);
        return undefined;
      }
    }
    conditions.push(condition);
  }
  return conditions;
}

function addTemplate(config: NotificationConfig, name: string, text: string, key: string | undefined): void {
  const problem = (message: string): void => {
    config.problems.push({ key: key ?? `template.${name}`, message });
  };
  const spec = readYaml(text, key ?? name, (_k, message) => problem(message));
  if (spec === undefined) return;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    problem('a template is a YAML mapping (message, slack, email, webhook, teams, ...)');
    return;
  }
  const fields = new Map<string, CompiledTemplate>();
  const walk = (value: unknown, path: string): boolean => {
    if (typeof value === 'string') {
      if (settingFields.has(path) || /^webhook\.[^.]+\.method$/.test(path)) return true;
      try {
        fields.set(path, compileTemplate(name, value));
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        problem(`${path} does not parse: ${error.message}`);
        return false;
      }
      return true;
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [field, inner] of Object.entries(value))
        if (!walk(inner, path ? `${path}.${field}` : field)) return false;
    }
    return true;
  };
  if (!walk(spec, '')) return;
  config.templates.set(name, { name, spec: spec as Record<string, unknown>, fields });
}

/** `$key` in a string of the settings, replaced by the Secret's value of `key` when it has one. */
function fillSecrets(value: unknown, secret: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$[\w-]+/g, (reference) =>
      Object.hasOwn(secret, reference.slice(1)) ? (secret[reference.slice(1)] as string) : reference,
    );
  }
  if (Array.isArray(value)) return value.map((item) => fillSecrets(item, secret));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fillSecrets(inner, secret)]));
  return value;
}

/** Names that point nowhere: a trigger sending an unknown template, a default trigger that does not exist. */
function checkReferences(config: NotificationConfig, data: Readonly<Record<string, string>>): void {
  for (const [name, conditions] of config.triggers) {
    const key = `trigger.${name}`;
    for (const condition of conditions) {
      for (const template of condition.send) {
        if (!config.templates.has(template) && Object.hasOwn(data, key))
          config.problems.push({
            key,
            message: `sends template "${template}", which the ConfigMap does not define (add template.${template})`,
          });
      }
    }
  }
  const checkTriggers = (key: string, names: readonly string[]): void => {
    for (const name of names)
      if (!config.triggers.has(name))
        config.problems.push({
          key,
          message: `names trigger "${name}", which the ConfigMap does not define (add trigger.${name})`,
        });
  };
  checkTriggers('defaultTriggers', config.defaultTriggers);
  for (const [service, names] of config.serviceDefaultTriggers) checkTriggers(`defaultTriggers.${service}`, names);
  for (const subscription of config.subscriptions) checkTriggers('subscriptions', subscription.triggers);
}
