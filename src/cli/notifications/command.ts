// `sluice notifications template get|notify`, `sluice notifications trigger get|run`: the commands
// of Argo's plugin (its notifications engine's tools), over the ConfigMap and Secret of the target
// or of files (config-source.ts), with Argo's catalog built in. notify sends as the runtimes do
// (one attempt, the outcome printed); the console recipient prints the notification as YAML.
import process from 'node:process';
import { stringify as toYaml } from 'yaml';
import { type NotificationConfig, parseNotificationConfig, type TriggerCondition } from '../../notifications/config.ts';
import { conditionVariables, renderNotification, templateVariables } from '../../notifications/notify.ts';
import { runTrigger } from '../../notifications/notified.ts';
import { NotificationDispatcher } from '../../runtime/notifications/dispatcher.ts';
import { openTarget } from '../target/select-target.ts';
import type { Target } from '../target/target.ts';
import { CliError } from '../shared/errors.ts';
import { listFlag, stringFlag, switchFlag } from '../shared/flags.ts';
import type { CommandLine } from '../shared/command-line.ts';
import { runParsed } from '../shared/parsed-command.ts';
import { targetFlagsOf } from '../shared/target-flags.ts';
import { readConfigData, rolloutFromFile } from './config-source.ts';
import { spec } from './spec.ts';
import { tabWrite } from './tab-writer.ts';

/** As the engine's Notification.Preview: the message's first line (else the JSON), 100 characters at most. */
function preview(config: NotificationConfig, name: string): string {
  const spec = config.templates.get(name)?.spec ?? {};
  const message = typeof spec.message === 'string' && spec.message !== '' ? spec.message : JSON.stringify(spec);
  const line = message.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 99)}...` : line;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

class Session {
  #target: Promise<Target> | undefined;
  readonly line: CommandLine;

  constructor(line: CommandLine) {
    this.line = line;
  }

  target(): Promise<Target> {
    this.#target ??= openTarget(targetFlagsOf(this.line.flags), { verbose: switchFlag(this.line.flags, 'verbose') });
    return this.#target;
  }

  async namespace(): Promise<string> {
    return stringFlag(this.line.flags, 'namespace') ?? (await this.target()).defaultNamespace;
  }

  async config(needsSecret: boolean): Promise<{ config: NotificationConfig; secret: Record<string, string> }> {
    const { configMap, secret } = await readConfigData(
      {
        configMapFile: stringFlag(this.line.flags, 'config-map'),
        secretFile: stringFlag(this.line.flags, 'secret'),
        needsSecret,
      },
      async () => ({ target: await this.target(), namespace: await this.namespace() }),
    );
    const config = parseNotificationConfig(configMap, secret, { timeZone: process.env.TZ });
    for (const problem of config.problems) process.stderr.write(`warning: ${problem.key}: ${problem.message}\n`);
    return { config, secret };
  }

  /** The rollout named on the command line: a file that exists, else the target's. */
  async rollout(argument: string): Promise<Record<string, unknown>> {
    const fromFile = rolloutFromFile(argument);
    if (fromFile) return fromFile;
    const { rollout } = await (await this.target()).rolloutObjects(await this.namespace(), argument);
    // A Rollout is a JSON object; the templates read it as one.
    return rollout as unknown as Record<string, unknown>;
  }

  async close(): Promise<void> {
    if (this.#target) (await this.#target.catch(() => undefined))?.close();
  }
}

function known(name: string | undefined, names: Iterable<string>, what: string): void {
  const list = [...names];
  if (name !== undefined && !list.includes(name))
    throw new CliError(`${what} "${name}" is not defined; known: ${list.sort().join(', ')}`);
}

/**
 * `-o json|yaml|name` of a get, as the plugin prints them (json indented by two, map keys sorted as
 * Go writes a map; yaml with sorted keys); undefined for `wide`, the table.
 */
function formatted(session: Session, items: Map<string, unknown>): string | undefined {
  const output = stringFlag(session.line.flags, 'output') ?? 'wide';
  const names = [...items.keys()].sort();
  if (output === 'name') return names.map((name) => `${name}\n`).join('');
  const object = Object.fromEntries(names.map((name) => [name, items.get(name)]));
  // Go's json escapes <, > and & (a `when` often has them).
  if (output === 'json')
    return `${JSON.stringify(object, null, 2).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
  if (output === 'yaml') return toYaml(sortedKeys(object), { lineWidth: 0 });
  return undefined;
}

/** A trigger condition as the engine's Condition struct writes it: oncePer, when, description, send. */
function conditionJson(condition: TriggerCondition): Record<string, unknown> {
  return {
    ...(condition.oncePer ? { oncePer: condition.oncePer } : {}),
    ...(condition.when ? { when: condition.when } : {}),
    ...(condition.description ? { description: condition.description } : {}),
    ...(condition.send.length > 0 ? { send: condition.send } : {}),
  };
}

async function triggerGet(session: Session, name: string | undefined): Promise<number> {
  const { config } = await session.config(false);
  known(name, config.triggers.keys(), 'trigger');
  const chosen = new Map(
    [...config.triggers]
      .filter(([trigger]) => name === undefined || trigger === name)
      .map(([trigger, conditions]) => [trigger, conditions.map(conditionJson)]),
  );
  const other = formatted(session, chosen);
  if (other !== undefined) {
    process.stdout.write(other);
    return 0;
  }
  const rows = [['NAME', 'TEMPLATE', 'CONDITION']];
  for (const [trigger, conditions] of [...config.triggers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (name !== undefined && trigger !== name) continue;
    conditions.forEach((condition, index) =>
      rows.push([index === 0 ? trigger : '', condition.send.join(', '), condition.when ?? '']),
    );
  }
  process.stdout.write(tabWrite(rows));
  return 0;
}

async function triggerRun(session: Session, name: string | undefined, rolloutName: string | undefined) {
  if (name === undefined || rolloutName === undefined)
    throw new CliError('trigger run needs NAME and ROLLOUT: sluice notifications trigger run NAME ROLLOUT');
  const { config, secret } = await session.config(true);
  const conditions = config.triggers.get(name);
  if (!conditions)
    throw new CliError(
      `trigger with name '${name}' does not exist (found ${[...config.triggers.keys()].sort().join(', ')})`,
    );
  const rollout = await session.rollout(rolloutName);
  const now = Date.now();
  const results = runTrigger(
    conditions,
    conditionVariables(templateVariables(rollout, secret, now), now, config.timeZone),
    now,
    (problem) => process.stderr.write(`warning: trigger ${name}: ${problem}\n`),
    config.timeZone,
  );
  const rows = [['CONDITION', 'RESULT']];
  results.forEach((result, index) => rows.push([conditions[index]?.when ?? '', String(result.triggered)]));
  process.stdout.write(tabWrite(rows));
  return 0;
}

async function templateGet(session: Session, name: string | undefined): Promise<number> {
  const { config } = await session.config(false);
  known(name, config.templates.keys(), 'template');
  const other = formatted(
    session,
    new Map(
      [...config.templates]
        .filter(([template]) => name === undefined || template === name)
        .map(([template, { spec }]) => [template, spec]),
    ),
  );
  if (other !== undefined) {
    process.stdout.write(other);
    return 0;
  }
  const rows = [['NAME', 'PREVIEW']];
  for (const template of [...config.templates.keys()].sort())
    if (name === undefined || template === name) rows.push([template, preview(config, template)]);
  process.stdout.write(tabWrite(rows));
  return 0;
}

async function templateNotify(session: Session, name: string | undefined, rolloutName: string | undefined) {
  if (name === undefined || rolloutName === undefined)
    throw new CliError('template notify needs NAME and ROLLOUT: sluice notifications template notify NAME ROLLOUT');
  const { config, secret } = await session.config(true);
  known(name, config.templates.keys(), 'template');
  const rollout = await session.rollout(rolloutName);
  const metadata = (rollout.metadata ?? {}) as { namespace?: string; name?: string };
  const recipients = listFlag(session.line.flags, 'recipient');
  const lines: string[] = [];
  const dispatcher = new NotificationDispatcher({ log: (text) => lines.push(text), attempts: 1 });
  for (const recipient of recipients.length > 0 ? recipients : ['console:stdout']) {
    const [service = '', ...rest] = recipient.split(':');
    const destination = { service, recipient: rest.join(':') };
    const variables = {
      ...templateVariables(rollout, secret, Date.now()),
      serviceType: service,
      recipient: destination.recipient,
    };
    const notification = renderNotification(config, [name], variables, Date.now());
    if (service === 'console') {
      process.stdout.write(toYaml(sortedKeys(notification), { lineWidth: 0 }));
      continue;
    }
    dispatcher.enqueue(
      [
        {
          trigger: name,
          destination,
          serviceType: config.services.get(service)?.type,
          templates: [name],
          notification,
        },
      ],
      config,
      {
        namespace: metadata.namespace ?? (await session.namespace()),
        name: metadata.name ?? rolloutName,
        type: 'Normal',
        reason: 'Notify',
      },
    );
  }
  await dispatcher.idle();
  let failed = false;
  for (const text of lines) {
    process.stdout.write(`${text}\n`);
    if (text.includes(' failed')) failed = true;
  }
  return failed ? 1 : 0;
}

export function run(args: string[]): Promise<number> {
  return runParsed(spec, args, async (line) => {
    const [action, name, rolloutName] = line.words;
    const subcommand = line.path.length === 2 ? line.path[1].name : undefined;
    const session = new Session(line);
    try {
      if (subcommand === 'trigger') {
        if (action === 'get') return await triggerGet(session, name);
        if (action === 'run') return await triggerRun(session, name, rolloutName);
        throw new CliError(`unknown action "${action}": use "trigger get [NAME]" or "trigger run NAME ROLLOUT"`);
      }
      if (action === 'get') return await templateGet(session, name);
      if (action === 'notify') return await templateNotify(session, name, rolloutName);
      throw new CliError(`unknown action "${action}": use "template get [NAME]" or "template notify NAME ROLLOUT"`);
    } finally {
      await session.close();
    }
  });
}
