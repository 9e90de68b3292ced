// The ConfigMaps and Secrets given to `sluice run` and `sluice apply`, for the pods that read them
// (env and volumes): kept in the state folder, so a restarted runtime still has them, and
// announced on every change (mounted files follow a change; environment variables do not, as in
// Kubernetes). The object store holds only the kinds sluice runs; these live here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readManifests } from '../../../api/load-manifests.ts';
import type { ManifestSource } from '../../../api/manifests/yaml-documents.ts';
import { writeFileAtomically } from '../../../platform/write-file-atomically.ts';
import {
  configKey,
  configObjectOf,
  configProblems,
  type ConfigDocument,
  type ConfigKind,
  type ConfigLookup,
  type ConfigObject,
} from './config-data.ts';

export class ConfigObjects implements ConfigLookup {
  readonly #objects = new Map<string, ConfigObject>();
  readonly #listeners = new Set<(object: ConfigObject) => void>();
  readonly #file: string | undefined;

  constructor(stateDir?: string) {
    this.#file = stateDir ? path.join(stateDir, 'config-objects.json') : undefined;
    if (this.#file && existsSync(this.#file)) {
      try {
        for (const object of JSON.parse(readFileSync(this.#file, 'utf8')) as ConfigObject[])
          this.#objects.set(configKey(object.kind, object.namespace, object.name), object);
      } catch {
        // A damaged file is replaced by the next apply.
      }
    }
  }

  get(kind: ConfigKind, namespace: string, name: string): ConfigObject | undefined {
    const object = this.#objects.get(configKey(kind, namespace, name));
    return object && structuredClone(object);
  }

  /** Called after every change with the object changed (or deleted). */
  subscribe(listener: (object: ConfigObject) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Creates or replaces an object (tests and callers that have one already). */
  put(object: ConfigObject): void {
    this.#objects.set(configKey(object.kind, object.namespace, object.name), structuredClone(object));
    this.#save();
    this.#announce(object);
  }

  delete(kind: ConfigKind, namespace: string, name: string): boolean {
    const object = this.#objects.get(configKey(kind, namespace, name));
    if (!object) return false;
    this.#objects.delete(configKey(kind, namespace, name));
    this.#save();
    this.#announce(object);
    return true;
  }

  /**
   * Takes every ConfigMap and Secret of the manifests; returns what each did (`ConfigMap default/web created`).
   * One the API server would refuse (a Secret's data not base64) is not stored, and its line says why.
   */
  applyFrom(sources: readonly ManifestSource[]): string[] {
    const results: string[] = [];
    for (const { object, refused } of checkedConfigObjects(sources)) {
      if (refused) {
        results.push(refused);
        continue;
      }
      const before = this.#objects.get(configKey(object.kind, object.namespace, object.name));
      const verb = !before
        ? 'created'
        : JSON.stringify(before.data) === JSON.stringify(object.data)
          ? 'unchanged'
          : 'configured';
      if (verb !== 'unchanged') this.put(object);
      results.push(`${object.kind} ${object.namespace}/${object.name} ${verb}`);
    }
    return results;
  }

  /** Of the ConfigMaps and Secrets of the manifests, those that exist already (`ConfigMap shop/settings`). */
  existing(sources: readonly ManifestSource[]): string[] {
    return configObjectsOf(sources)
      .filter((object) => this.#objects.has(configKey(object.kind, object.namespace, object.name)))
      .map((object) => `${object.kind} ${object.namespace}/${object.name}`);
  }

  /** Creates every ConfigMap and Secret of the manifests (`sluice create`: the caller has checked that none exists). */
  createFrom(sources: readonly ManifestSource[]): string[] {
    return checkedConfigObjects(sources).map(({ object, refused }) => {
      if (refused) return refused;
      this.put(object);
      return `${object.kind} ${object.namespace}/${object.name} created`;
    });
  }

  /** Forgets the ConfigMaps and Secrets `sluice delete` names. */
  deleteFrom(sources: readonly ManifestSource[]): string[] {
    return configObjectsOf(sources).map(
      (object) =>
        `${object.kind} ${object.namespace}/${object.name} ${this.delete(object.kind, object.namespace, object.name) ? 'deleted' : 'not found'}`,
    );
  }

  #save(): void {
    if (this.#file) writeFileAtomically(this.#file, JSON.stringify([...this.#objects.values()]), 0o600);
  }

  #announce(object: ConfigObject): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(structuredClone(object));
      } catch {
        // One listener's failure must not keep the others from hearing of the change.
      }
    }
  }
}

export function configObjectsOf(sources: readonly ManifestSource[]): ConfigObject[] {
  return readManifests(sources).documents.flatMap(({ value }) => {
    const object = configObjectOf((value ?? {}) as ConfigDocument);
    return object ? [object] : [];
  });
}

/** The problems of the ConfigMaps and Secrets of the manifests, one line each: `file:line: data.key: Secret shop/creds: ...`. */
export function configProblemLines(sources: readonly ManifestSource[]): string[] {
  return readManifests(sources).documents.flatMap(({ value, origin, lines }) => {
    const document = (value ?? {}) as ConfigDocument;
    return configProblems(document).map((problem) => {
      const line = lines?.lineOf(problem.path) ?? lines?.lineOf(problem.path.slice(0, 1));
      return `${origin}:${line ?? ''}: ${problem.path.join('.')}: ${describeDocument(document)}: ${problem.message}`;
    });
  });
}

/** Each ConfigMap and Secret with a name, with the sentence that refuses it when the API server would. */
function checkedConfigObjects(sources: readonly ManifestSource[]): Array<{ object: ConfigObject; refused?: string }> {
  return readManifests(sources).documents.flatMap(({ value }) => {
    const document = (value ?? {}) as ConfigDocument;
    const object = configObjectOf(document);
    if (!object) return [];
    const problems = configProblems(document);
    if (problems.length === 0) return [{ object }];
    const why = problems.map((problem) => problem.message).join('; ');
    return [{ object, refused: `${object.kind} ${object.namespace}/${object.name} refused: ${why}` }];
  });
}

function describeDocument(document: ConfigDocument): string {
  const name = typeof document.metadata?.name === 'string' ? document.metadata.name : '';
  const namespace = typeof document.metadata?.namespace === 'string' ? document.metadata.namespace : '';
  return `${String(document.kind)} ${namespace ? `${namespace}/` : ''}${name || '(no name)'}`;
}

/**
 * The "kind ConfigMap (v1) is not read by sluice; it is skipped" warnings of the ConfigMaps and
 * Secrets among `sources`: the local runtime reads them (here), so the warning would be wrong.
 */
export function configSkipWarning(sources: readonly ManifestSource[]): (warning: string) => boolean {
  const prefixes: string[] = [];
  for (const document of readManifests(sources).documents) {
    const value = (document.value ?? {}) as ConfigDocument;
    if (configObjectOf(value))
      prefixes.push(
        `${document.origin}:${document.lines?.lineOf(['kind']) ?? ''}: kind: warning: kind ${String(value.kind)} (v1)`,
      );
  }
  return (warning) => prefixes.some((prefix) => warning.startsWith(prefix));
}
