// kubeconfig files (JSON is valid kubeconfig YAML).
import { writeFileSync } from 'node:fs';

export interface KubeconfigSettings {
  server: string;
  /** PEM of the CA that signed the API server's certificate, base64-encoded. */
  caData: string;
  token: string;
  user: string;
  contextName?: string;
  namespace?: string;
}

export function kubeconfigDocument(settings: KubeconfigSettings): object {
  const name = settings.contextName ?? 'sluice-test';
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: settings.server, 'certificate-authority-data': settings.caData } }],
    users: [{ name: settings.user, user: { token: settings.token } }],
    contexts: [
      {
        name,
        context: {
          cluster: name,
          user: settings.user,
          ...(settings.namespace ? { namespace: settings.namespace } : {}),
        },
      },
    ],
    'current-context': name,
    preferences: {},
  };
}

export function writeKubeconfig(filePath: string, settings: KubeconfigSettings): void {
  writeFileSync(filePath, JSON.stringify(kubeconfigDocument(settings), null, 2) + '\n', { mode: 0o600 });
}
