// The local runtime's notification settings: the ConfigMap `argo-rollouts-notification-configmap`
// and the Secret `argo-rollouts-notification-secret` as given to `sluice run` and `sluice apply`,
// kept in the state folder so a restart keeps them. Without self-service one machine has one
// configuration: the last applied, whatever its namespace. With self-service (`sluice run
// --self-service-notification-enabled`, as the controller's flag) the ones applied without a
// namespace or in `argo-rollouts` (where Argo's controller runs) play the controller namespace's,
// and the ones applied in another namespace are that namespace's own. The object store holds only
// the kinds sluice runs; these two live here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readManifests } from '../../../api/load-manifests.ts';
import type { ManifestSource } from '../../../api/manifests/yaml-documents.ts';
import { NOTIFICATION_CONFIGMAP, NOTIFICATION_SECRET } from '../../../notifications/config.ts';
import { writeFileAtomically } from '../../../platform/write-file-atomically.ts';
import type { NotificationSettings } from '../../notifications/notifier.ts';

interface DataDocument {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
}

/** The namespace Argo's controller is installed in: a configuration applied there is the controller's. */
export const CONTROLLER_NAMESPACE = 'argo-rollouts';

/** What the state folder keeps (the first two fields as earlier versions wrote them). */
interface StoredSettings extends NotificationSettings {
  /** Applied without a namespace or in argo-rollouts: the controller namespace's, with self-service. */
  controller?: NotificationSettings;
  /** Applied in another namespace: that namespace's own, with self-service. */
  namespaces?: Record<string, NotificationSettings>;
}

type Part = 'configMap' | 'secret';

export class LocalNotificationSettings {
  #settings: StoredSettings = { configMap: undefined, secret: undefined };
  readonly #file: string | undefined;

  constructor(stateDir?: string) {
    this.#file = stateDir ? path.join(stateDir, 'notification-settings.json') : undefined;
    if (this.#file && existsSync(this.#file)) {
      try {
        this.#settings = JSON.parse(readFileSync(this.#file, 'utf8')) as StoredSettings;
      } catch {
        // A damaged file is replaced by the next apply.
      }
    }
  }

  /** The one configuration of the machine (without self-service): the last applied. */
  current(): NotificationSettings {
    return { configMap: this.#settings.configMap, secret: this.#settings.secret };
  }

  /** With self-service: the controller namespace's configuration (applied without a namespace, or in argo-rollouts). */
  controller(): NotificationSettings {
    return this.#settings.controller ?? { configMap: undefined, secret: undefined };
  }

  /** With self-service: the configuration applied in `namespace` itself (none for the controller's namespace). */
  ownOf(namespace: string): NotificationSettings | undefined {
    return this.#settings.namespaces?.[namespace];
  }

  /** Takes the notification ConfigMap and Secret of the manifests, if they hold them; true when one was found. */
  applyFrom(sources: readonly ManifestSource[]): boolean {
    return this.#change(sources, true);
  }

  /** Forgets the ConfigMap or Secret `sluice delete` names. */
  deleteFrom(sources: readonly ManifestSource[]): void {
    this.#change(sources, false);
  }

  /** Sets (apply) or forgets (delete) each notification ConfigMap and Secret among the manifests. */
  #change(sources: readonly ManifestSource[], apply: boolean): boolean {
    let found = false;
    for (const { value } of readManifests(sources).documents) {
      const document = (value ?? {}) as DataDocument;
      const part = partOf(document);
      if (!part || (apply && document.apiVersion !== 'v1')) continue;
      const data = apply ? dataOf(document, part) : undefined;
      const namespace = typeof document.metadata?.namespace === 'string' ? document.metadata.namespace : '';
      this.#settings = { ...this.#settings, [part]: data };
      if (namespace === '' || namespace === CONTROLLER_NAMESPACE)
        this.#settings.controller = { ...this.controller(), [part]: data };
      else {
        const namespaces = { ...this.#settings.namespaces };
        namespaces[namespace] = {
          ...(namespaces[namespace] ?? { configMap: undefined, secret: undefined }),
          [part]: data,
        };
        this.#settings.namespaces = namespaces;
      }
      found = true;
    }
    if (found && this.#file) writeFileAtomically(this.#file, JSON.stringify(this.#settings));
    return found;
  }
}

function dataOf(document: DataDocument, part: Part): Record<string, string> {
  if (part === 'configMap') return strings(document.data);
  const decoded = strings(document.stringData);
  for (const [key, encoded] of Object.entries(strings(document.data)))
    decoded[key] = Buffer.from(encoded, 'base64').toString('utf8');
  return decoded;
}

function partOf(document: DataDocument): Part | undefined {
  if (document.kind === 'ConfigMap' && document.metadata?.name === NOTIFICATION_CONFIGMAP) return 'configMap';
  if (document.kind === 'Secret' && document.metadata?.name === NOTIFICATION_SECRET) return 'secret';
  return undefined;
}

/**
 * The "kind ... is not read by sluice; it is skipped" warnings of the notification ConfigMap and
 * Secret among `sources`: they are read (here), so the warning would be wrong.
 */
export function notificationSkipWarning(sources: readonly ManifestSource[]): (warning: string) => boolean {
  const prefixes: string[] = [];
  for (const document of readManifests(sources).documents) {
    const value = (document.value ?? {}) as DataDocument;
    const named =
      (value.kind === 'ConfigMap' && value.metadata?.name === NOTIFICATION_CONFIGMAP) ||
      (value.kind === 'Secret' && value.metadata?.name === NOTIFICATION_SECRET);
    if (value.apiVersion === 'v1' && named)
      prefixes.push(
        `${document.origin}:${document.lines?.lineOf(['kind']) ?? ''}: kind: warning: kind ${String(value.kind)} (v1)`,
      );
  }
  return (warning) => prefixes.some((prefix) => warning.startsWith(prefix));
}

function strings(data: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data ?? {})) out[key] = typeof value === 'string' ? value : String(value);
  return out;
}
