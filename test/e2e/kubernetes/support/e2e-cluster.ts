// One control plane per scenario file, with the CRDs (the project's own from deploy/crds when
// present, else Argo Rollouts' upstream ones, plus Istio's), a namespace, an admin client and the
// controller as a child process. Outside CI the scenario skips when the control plane is not built.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { KubeClient } from '../../../../src/platform/kubernetes/client/client.ts';
import { loadConnection } from '../../../../src/platform/kubernetes/client/load-connection.ts';
import {
  startControlPlane,
  type ControlPlane,
  type StartControlPlaneOptions,
} from '../../../controlplane/control-plane.ts';
import { findBinDir, repoRoot } from '../../../controlplane/paths.ts';
import { startControllerProcess, type ControllerProcess } from './controller-process.ts';

const binaries = await findBinDir();
/** A skip reason outside CI when the control plane is not built; in CI the scenario runs and fails. */
export const skipWithoutControlPlane: string | false =
  !binaries.found && process.env['CI'] !== 'true' ? binaries.reason : false;

/**
 * Every scenario's controller runs as the ServiceAccount of deploy/rbac (its ClusterRole, not the
 * admin), so the suite proves the shipped RBAC is enough; SLUICE_E2E_AS_ADMIN=1 runs it as the
 * admin instead, to tell an RBAC gap from a controller bug while debugging.
 */
const asServiceAccount = process.env['SLUICE_E2E_AS_ADMIN'] !== '1';

export interface E2eCluster {
  cp: ControlPlane;
  client: KubeClient;
  namespace: string;
  logDir: string;
  /** Applies objects (YAML documents or objects) with kubectl, in the scenario's namespace unless they say otherwise. */
  apply(objects: unknown[] | string): Promise<void>;
  kubectl(args: string[], input?: string): Promise<string>;
  /** Starts `sluice controller` as deploy/'s ServiceAccount (as the admin with SLUICE_E2E_AS_ADMIN=1 or `asServiceAccount: false`). */
  startController(
    args?: string[],
    options?: { kubeconfigPath?: string; name?: string; asServiceAccount?: boolean },
  ): Promise<ControllerProcess>;
  /** The bearer token the controller runs with (the admin's, or the ServiceAccount's). */
  controllerToken(asServiceAccount?: boolean): Promise<string>;
  /** Stops the controllers, then the control plane. Prints the controller logs when `failed`. */
  stop(failed?: boolean): Promise<void>;
}

export async function startE2eCluster(namespace: string, options: StartControlPlaneOptions = {}): Promise<E2eCluster> {
  const cp = await startControlPlane(options);
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'sluice-e2e-'));
  const client = new KubeClient(loadConnection({ kubeconfig: cp.kubeconfigPath, env: {} }));
  const controllers: ControllerProcess[] = [];
  const kubectl = async (args: string[], input?: string): Promise<string> => {
    const result = await cp.kubectl(args, input === undefined ? {} : { input });
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr.trim()}`);
    return result.stdout;
  };
  await kubectl(['create', 'namespace', namespace]);
  let serviceAccountToken: string | undefined;
  const controllerToken = async (serviceAccount = asServiceAccount): Promise<string> => {
    if (!serviceAccount) return cp.token;
    if (serviceAccountToken === undefined) {
      await kubectl(['apply', '-k', path.join(repoRoot, 'deploy', 'rbac')]);
      serviceAccountToken = (
        await kubectl(['create', 'token', 'sluice-controller', '-n', 'sluice-system', '--duration=2h'])
      ).trim();
    }
    return serviceAccountToken;
  };
  return {
    cp,
    client,
    namespace,
    logDir,
    kubectl,
    apply: async (objects) => {
      const text = typeof objects === 'string' ? objects : objects.map((object) => stringify(object)).join('---\n');
      await kubectl(['apply', '-n', namespace, '-f', '-'], text);
    },
    controllerToken,
    startController: async (args = [], start = {}) => {
      let kubeconfigPath = start.kubeconfigPath ?? cp.kubeconfigPath;
      if (start.kubeconfigPath === undefined && (start.asServiceAccount ?? asServiceAccount)) {
        kubeconfigPath = path.join(logDir, 'service-account.kubeconfig');
        const document = cp.kubeconfigForToken(await controllerToken(true), 'sluice-controller') as {
          contexts: Array<{ context: Record<string, string> }>;
        };
        for (const entry of document.contexts) entry.context['namespace'] = 'sluice-system';
        writeFileSync(kubeconfigPath, JSON.stringify(document), { mode: 0o600 });
      }
      const controller = startControllerProcess({
        kubeconfigPath,
        logDir,
        args,
        ...(start.name ? { name: start.name } : {}),
      });
      controllers.push(controller);
      return controller;
    },
    stop: async (failed = false) => {
      if (failed) {
        for (const controller of controllers)
          process.stderr.write(`--- ${controller.logPath}\n${controller.logTail(80)}\n`);
        const state = await cp.kubectl([
          'get',
          'rollouts,analysisruns,replicasets,pods',
          '-n',
          namespace,
          '-o',
          'wide',
        ]);
        process.stderr.write(`--- objects in ${namespace}\n${state.stdout}${state.stderr}\n`);
      }
      await Promise.all(controllers.map((controller) => controller.stop()));
      client.close();
      await cp.stop();
      if (!failed) rmSync(logDir, { recursive: true, force: true });
    },
  };
}
