// The local runtime's notification settings: the ConfigMap `argo-rollouts-notification-configmap`
// and the Secret `argo-rollouts-notification-secret` as given to `sluice run` and `sluice apply`
// (any namespace: one machine has one configuration), kept in the state folder so a restart
// keeps them. The object store holds only the kinds sluice runs; these two live here.
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
  metadata?: { name?: unknown };
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
}

export class LocalNotificationSettings {
  #settings: NotificationSettings = { configMap: undefined, secret: undefined };
  readonly #file: string | undefined;

  constructor(stateDir?: string) {
    this.#file = stateDir ? path.join(stateDir, 'notification-settings.json') : undefined;
    if (this.#file && existsSync(this.#file)) {
      try {
        this.#settings = JSON.parse(readFileSync(this.#file, 'utf8')) as NotificationSettings;
      } catch {
        // A damaged file is replaced by the next apply.
      }
    }
  }

  current(): NotificationSettings {
    return this.#settings;
  }

  /** Takes the notification ConfigMap and Secret of the manifests, if they hold them; true when one was found. */
  applyFrom(sources: readonly ManifestSource[]): boolean {
    let found = false;
    for (const { value } of readManifests(sources).documents) {
      const document = (value ?? {}) as DataDocument;
      if (document.apiVersion !== 'v1') continue;
      if (document.kind === 'ConfigMap' && document.metadata?.name === NOTIFICATION_CONFIGMAP) {
        this.#settings = { ...this.#settings, configMap: strings(document.data) };
        found = true;
      } else if (document.kind === 'Secret' && document.metadata?.name === NOTIFICATION_SECRET) {
        const decoded = strings(document.stringData);
        for (const [key, encoded] of Object.entries(strings(document.data)))
          decoded[key] = Buffer.from(encoded, 'base64').toString('utf8');
        this.#settings = { ...this.#settings, secret: decoded };
        found = true;
      }
    }
    if (found && this.#file) writeFileAtomically(this.#file, JSON.stringify(this.#settings));
    return found;
  }

  /** Forgets the ConfigMap or Secret `sluice delete` names. */
  deleteFrom(sources: readonly ManifestSource[]): void {
    let found = false;
    for (const { value } of readManifests(sources).documents) {
      const document = (value ?? {}) as DataDocument;
      if (document.kind === 'ConfigMap' && document.metadata?.name === NOTIFICATION_CONFIGMAP) {
        this.#settings = { ...this.#settings, configMap: undefined };
        found = true;
      } else if (document.kind === 'Secret' && document.metadata?.name === NOTIFICATION_SECRET) {
        this.#settings = { ...this.#settings, secret: undefined };
        found = true;
      }
    }
    if (found && this.#file) writeFileAtomically(this.#file, JSON.stringify(this.#settings));
  }
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
