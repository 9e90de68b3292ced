// The dashboard served by `sluice controller --dashboard-port N`: the dashboard server over the
// controller's own client, with the KubernetesAuthorizer, so that every user logs in with their
// Kubernetes token and RBAC decides, read by read and action by action, what they may see and do.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { trafficRoute } from '../../dashboard/data/traffic-route.ts';
import { PrometheusTrafficSource } from '../../dashboard/data/traffic/traffic-source.ts';
import { KubernetesAuthorizer } from '../../dashboard/auth/kubernetes-authorizer.ts';
import { type DashboardServer, DEFAULT_STATIC_DIR, startDashboardServer } from '../../dashboard/server/server.ts';
import { missingUiMessage } from '../../dashboard/server/static-files.ts';
import { KubeClient } from '../../platform/kubernetes/client/client.ts';
import { ClusterTarget } from '../target/cluster-target.ts';

export interface ControllerDashboardOptions {
  client: KubeClient;
  port: number;
  address: string;
  staticDir?: string;
  /** The public origin behind a proxy (`https://rollouts.example.com`). */
  publicUrl?: string;
  /** The path it is served under ('' or `/rollouts`). */
  rootPath?: string;
  log: (line: string) => void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startControllerDashboard(options: ControllerDashboardOptions): Promise<DashboardServer> {
  const staticDir = path.resolve(options.staticDir ?? DEFAULT_STATIC_DIR);
  if (!existsSync(path.join(staticDir, 'index.html'))) throw new Error(missingUiMessage(staticDir));
  // The target reads and writes as the controller (its connection: its ServiceAccount), only after
  // the authorizer allowed the user. A client of its own, so that the browsers' live streams (a
  // watch each) never take the sockets the controller's workers wait on.
  const client = new KubeClient(options.client.connection);
  const target = new ClusterTarget(client);
  let server: DashboardServer;
  try {
    server = await startDashboardServer({
      target,
      authorizer: new KubernetesAuthorizer({ client }),
      routes: [trafficRoute(new PrometheusTrafficSource())],
      address: options.address,
      port: options.port,
      staticDir,
      ...(options.rootPath ? { rootPath: options.rootPath } : {}),
      ...(options.publicUrl
        ? { origins: [options.publicUrl], secureCookie: options.publicUrl.startsWith('https:') }
        : {}),
      portHint: 'choose another with --dashboard-port',
      session: {
        target: `cluster of ${options.client.connection.description}`,
        runtime: 'cluster',
        defaultNamespace: options.client.defaultNamespace,
        login: 'kubernetes-token',
      },
      log: options.log,
    });
  } catch (error) {
    client.close();
    throw error;
  }
  options.log(
    `dashboard at http://${options.address.includes(':') ? `[${options.address}]` : options.address}:${server.port}${server.rootPath}/ (log in with a Kubernetes token: kubectl create token NAME)`,
  );
  if (!LOOPBACK.has(options.address))
    options.log(
      `warning: the dashboard listens on ${options.address}, so it is reachable from other machines; serve it behind TLS (an Ingress or kubectl port-forward) so tokens do not cross the network in the clear`,
    );
  return {
    url: server.url,
    rootPath: server.rootPath,
    port: server.port,
    openStreams: () => server.openStreams(),
    close: async () => {
      await server.close();
      client.close();
    },
  };
}
