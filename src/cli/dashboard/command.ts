// `sluice dashboard [--port N] [--address A]`: serves the dashboard over the chosen target until
// SIGINT/SIGTERM. A token made at start is printed in the URL (`#token=...`, a fragment, so it
// stays out of logs and Referer headers); the UI trades it for an HttpOnly session cookie.
import { existsSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import type { KubeClient } from '../../platform/kubernetes/client/client.ts';
import { normalizeRootPath } from '../../dashboard/server/root-path.ts';
import { CliError, UsageError } from '../shared/errors.ts';
import { numberFlag, stringFlag } from '../shared/flags.ts';
import { runWithTarget } from '../shared/run-command.ts';
import { interruptSignal } from '../shared/watch-loop.ts';
import { spec } from './spec.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function run(args: string[]): Promise<number> {
  return runWithTarget(
    spec,
    args,
    // The root path is checked before the target is opened: a mistake is told at once.
    (_words, parsed) => {
      try {
        return normalizeRootPath(stringFlag(parsed, 'root-path') ?? '');
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    },
    async ({ parsed, target, namespace, out }, rootPath) => {
      const [server, tokens, access] = await Promise.all([
        import('../../dashboard/server/server.ts'),
        import('../../dashboard/server/token-authorizer.ts'),
        import('../../dashboard/server/kube-access.ts'),
      ]);
      const staticDir = path.resolve(stringFlag(parsed, 'static-dir') ?? server.DEFAULT_STATIC_DIR);
      if (!existsSync(path.join(staticDir, 'index.html'))) {
        const { missingUiMessage } = await import('../../dashboard/server/static-files.ts');
        throw new CliError(missingUiMessage(staticDir));
      }
      const address = stringFlag(parsed, 'address') ?? server.DEFAULT_ADDRESS;
      const port = numberFlag(parsed, 'port') ?? server.DEFAULT_PORT;
      // On a cluster the user is the kube context's: ask the API server who that is, and let it
      // answer ahead which actions they may take.
      const client = (target as { client?: KubeClient }).client;
      let username = 'local';
      let check: Parameters<typeof tokens.dashboardTokenAuthorizer>[0]['check'];
      if (client) {
        const me = await access.whoAmI(client);
        username = me?.username ?? `the user of ${client.connection.description}`;
        check = access.selfAccessCheck(client, username);
      }
      const authorizer = tokens.dashboardTokenAuthorizer({ username, ...(check ? { check } : {}) });
      const interrupt = interruptSignal();
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const [{ trafficSourceFor }, { trafficRoute }] = await Promise.all([
        import('./traffic.ts'),
        import('../../dashboard/data/traffic-route.ts'),
      ]);
      const traffic = trafficSourceFor(target, log);
      try {
        const dashboard = await server.startDashboardServer({
          target,
          authorizer,
          routes: [trafficRoute(traffic)],
          address,
          port,
          staticDir,
          rootPath,
          portHint: 'choose another with --port (0 for a free one)',
          session: {
            target: target.description,
            runtime: client ? 'cluster' : 'local',
            defaultNamespace: namespace,
            login: 'dashboard-token',
          },
          log: (line) => process.stderr.write(`${line}\n`),
        });
        if (!LOOPBACK.has(address))
          process.stderr.write(
            `warning: the dashboard listens on ${address}, so it is reachable from other machines; anyone with the token acts as ${username} on ${target.description}\n`,
          );
        out.write(`sluice dashboard of ${target.description}, acting as ${username}\n`);
        out.write(`open ${dashboard.url}${dashboard.rootPath}/#token=${authorizer.token}\n`);
        out.write('stop it with Ctrl-C\n');
        if (!interrupt.signal.aborted)
          await new Promise<void>((resolve) =>
            interrupt.signal.addEventListener('abort', () => resolve(), { once: true }),
          );
        await dashboard.close();
        out.write('dashboard stopped\n');
        return 0;
      } finally {
        traffic.close();
        interrupt.release();
      }
    },
  );
}
