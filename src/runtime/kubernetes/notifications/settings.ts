// The controller's notification settings: the ConfigMap `argo-rollouts-notification-configmap`
// and the Secret `argo-rollouts-notification-secret` in the controller's namespace, as Argo reads
// them. Read through the API and kept for a short while, so a burst of events reads them once and
// an edit is seen within `maxAgeMs`.
import { NOTIFICATION_CONFIGMAP, NOTIFICATION_SECRET } from '../../../notifications/config.ts';
import { NotFoundError } from '../../../platform/kubernetes/client/errors.ts';
import type { ObjectReader } from '../../../platform/kubernetes/client/interfaces.ts';
import type { KubeObject } from '../../../platform/kubernetes/client/objects.ts';
import { coreResources } from '../../../platform/kubernetes/client/resources.ts';
import type { NotificationSettings } from '../../notifications/notifier.ts';

type DataObject = KubeObject & { data?: Record<string, string>; stringData?: Record<string, string> };

export function kubeNotificationSettings(
  client: Pick<ObjectReader, 'get'>,
  namespace: string,
  options: { maxAgeMs?: number; now?: () => number; log?: (line: string) => void } = {},
): () => Promise<NotificationSettings> {
  const now = options.now ?? Date.now;
  let cached: { at: number; settings: Promise<NotificationSettings> } | undefined;
  const read = async (resource: typeof coreResources.configMaps, name: string): Promise<DataObject | undefined> => {
    try {
      return await client.get<DataObject>(resource as never, namespace, name);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      options.log?.(`notifications: reading ${namespace}/${name}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const load = async (): Promise<NotificationSettings> => {
    const [configMap, secret] = await Promise.all([
      read(coreResources.configMaps, NOTIFICATION_CONFIGMAP),
      read(coreResources.secrets as never, NOTIFICATION_SECRET),
    ]);
    const decoded: Record<string, string> = { ...(secret?.stringData ?? {}) };
    for (const [key, value] of Object.entries(secret?.data ?? {}))
      decoded[key] = Buffer.from(value, 'base64').toString('utf8');
    return { configMap: configMap ? { ...(configMap.data ?? {}) } : undefined, secret: secret ? decoded : undefined };
  };
  return () => {
    if (!cached || now() - cached.at > (options.maxAgeMs ?? 2000)) cached = { at: now(), settings: load() };
    return cached.settings;
  };
}
