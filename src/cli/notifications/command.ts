// `sluice notifications template get|notify`, `sluice notifications trigger get`: Argo's plugin's
// commands over the ConfigMap and Secret given as files (Argo's catalog is built in). notify reads
// the rollout from the target and sends as the runtimes do (one attempt, the outcome printed).
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { parse as parseYaml } from 'yaml';
import { type NotificationConfig, parseNotificationConfig } from '../../notifications/config.ts';
import { renderNotification, templateVariables } from '../../notifications/notify.ts';
import { NotificationDispatcher } from '../../runtime/notifications/dispatcher.ts';
import { openTarget } from '../target/select-target.ts';
import { CliError } from '../shared/errors.ts';
import { listFlag, stringFlag, switchFlag } from '../shared/flags.ts';
import { runParsed } from '../shared/parsed-command.ts';
import { targetFlagsOf } from '../shared/target-flags.ts';
import { spec } from './spec.ts';

function readData(file: string, kind: 'ConfigMap' | 'Secret'): Record<string, string> {
  let document: { kind?: unknown; data?: Record<string, unknown>; stringData?: Record<string, unknown> };
  try {
    document = (parseYaml(readFileSync(file, 'utf8')) ?? {}) as typeof document;
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (document.kind !== kind) throw new CliError(`${file} is not a ${kind} (kind: ${String(document.kind)})`);
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(document.data ?? {}))
    data[key] = kind === 'Secret' ? Buffer.from(String(value), 'base64').toString('utf8') : String(value);
  for (const [key, value] of Object.entries(document.stringData ?? {})) data[key] = String(value);
  return data;
}

function configOf(flags: Parameters<typeof stringFlag>[0]): {
  config: NotificationConfig;
  secret: Record<string, string>;
} {
  const configFile = stringFlag(flags, 'config-map');
  const secretFile = stringFlag(flags, 'secret');
  const secret = secretFile ? readData(secretFile, 'Secret') : {};
  const config = parseNotificationConfig(configFile ? readData(configFile, 'ConfigMap') : {}, secret);
  for (const problem of config.problems) process.stderr.write(`warning: ${problem.key}: ${problem.message}\n`);
  return { config, secret };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return (
    rows
      .map((row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('   ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

function preview(config: NotificationConfig, name: string): string {
  const spec = config.templates.get(name)?.spec ?? {};
  const message = typeof spec.message === 'string' ? spec.message : JSON.stringify(spec);
  const line = message.split('\n')[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

export function run(args: string[]): Promise<number> {
  return runParsed(spec, args, async (line) => {
    const [action, name, rolloutName] = line.words;
    const subcommand = line.path.length === 2 ? line.path[1].name : undefined;
    const { config, secret } = configOf(line.flags);
    const known = (names: Iterable<string>, what: string) => {
      const list = [...names];
      if (name !== undefined && !list.includes(name))
        throw new CliError(`${what} "${name}" is not defined; known: ${list.sort().join(', ')}`);
    };
    if (subcommand === 'trigger') {
      if (action !== 'get') throw new CliError(`unknown action "${action}": use "trigger get [NAME]"`);
      known(config.triggers.keys(), 'trigger');
      const rows = [['NAME', 'TEMPLATE', 'CONDITION']];
      for (const [trigger, conditions] of [...config.triggers].sort(([a], [b]) => a.localeCompare(b))) {
        if (name !== undefined && trigger !== name) continue;
        for (const condition of conditions) rows.push([trigger, condition.send.join(', '), condition.when ?? '']);
      }
      process.stdout.write(table(rows));
      return 0;
    }
    if (action === 'get') {
      known(config.templates.keys(), 'template');
      const rows = [['NAME', 'PREVIEW']];
      for (const template of [...config.templates.keys()].sort())
        if (name === undefined || template === name) rows.push([template, preview(config, template)]);
      process.stdout.write(table(rows));
      return 0;
    }
    if (action !== 'notify')
      throw new CliError(`unknown action "${action}": use "template get [NAME]" or "template notify NAME ROLLOUT"`);
    if (name === undefined || rolloutName === undefined)
      throw new CliError('template notify needs NAME and ROLLOUT: sluice notifications template notify NAME ROLLOUT');
    known(config.templates.keys(), 'template');
    const target = await openTarget(targetFlagsOf(line.flags), { verbose: switchFlag(line.flags, 'verbose') });
    try {
      const namespace = stringFlag(line.flags, 'namespace') ?? target.defaultNamespace;
      const { rollout } = await target.rolloutObjects(namespace, rolloutName);
      const recipients = listFlag(line.flags, 'recipient');
      let failed = false;
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
          process.stdout.write(
            `${typeof notification.message === 'string' ? notification.message : JSON.stringify(notification)}\n`,
          );
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
          { namespace, name: rolloutName, type: 'Normal', reason: 'Notify' },
        );
      }
      await dispatcher.idle();
      for (const text of lines) {
        process.stdout.write(`${text}\n`);
        if (text.includes(' failed')) failed = true;
      }
      return failed ? 1 : 0;
    } finally {
      target.close();
    }
  });
}
