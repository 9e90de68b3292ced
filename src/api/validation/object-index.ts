// Finds objects given together by kind, namespace and name.
import type { ParsedObject } from '../manifests/parsed-object.ts';
import { locate } from '../manifests/issue.ts';
import type { KnownObject } from '../types/index.ts';

export function namespaceOf(object: KnownObject): string {
  return object.metadata?.namespace ?? 'default';
}

export class ObjectIndex {
  private readonly objects: readonly ParsedObject[];

  constructor(objects: readonly ParsedObject[]) {
    this.objects = objects;
  }

  ofKind<T extends KnownObject>(kind: T['kind']): ParsedObject<T>[] {
    return this.objects.filter((item) => item.object.kind === kind) as ParsedObject<T>[];
  }

  /** The object, or undefined; `namespace` undefined for cluster-scoped kinds. */
  find<T extends KnownObject>(
    kind: T['kind'],
    namespace: string | undefined,
    name: string,
  ): ParsedObject<T> | undefined {
    return this.ofKind<T>(kind).find(
      (item) =>
        item.object.metadata?.name === name && (namespace === undefined || namespaceOf(item.object) === namespace),
    );
  }

  /**
   * Whether a missing reference can be reported: only when the manifests include objects of that
   * kind in that namespace, so checking a Rollout alone does not demand everything it names.
   */
  hasAny(kind: KnownObject['kind'], namespace: string | undefined): boolean {
    return this.ofKind(kind).some((item) => namespace === undefined || namespaceOf(item.object) === namespace);
  }
}

export function where(item: ParsedObject, path: string): string {
  return locate(item.file, item.lineOf(path));
}
