// The store on disk: one JSON file per object under `<stateDir>/objects/`, each replaced
// atomically (written to a temporary file, then renamed), so a crash never leaves half an object.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomically } from '../../../platform/write-file-atomically.ts';
import type { KnownObject } from '../../../api/types/index.ts';
import type { ObjectRef } from './object-key.ts';

export interface StorePersistence {
  load(): KnownObject[];
  save(ref: ObjectRef, object: KnownObject): void;
  remove(ref: ObjectRef): void;
}

/** Object names and namespaces are DNS labels and subdomains: they never contain '_'. */
function fileNameOf(ref: ObjectRef): string {
  return `${ref.kind}_${ref.namespace}_${ref.name}.json`;
}

export class ObjectFiles implements StorePersistence {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = path.join(stateDir, 'objects');
    mkdirSync(this.dir, { recursive: true });
  }

  load(): KnownObject[] {
    const objects: KnownObject[] = [];
    for (const entry of readdirSync(this.dir).sort()) {
      if (!entry.endsWith('.json')) continue;
      const file = path.join(this.dir, entry);
      try {
        objects.push(JSON.parse(readFileSync(file, 'utf8')) as KnownObject);
      } catch (error) {
        throw new Error(
          `cannot read the stored object ${file}: ${(error as Error).message}; remove the file (or the state directory) to start afresh`,
        );
      }
    }
    return objects;
  }

  save(ref: ObjectRef, object: KnownObject): void {
    writeFileAtomically(path.join(this.dir, fileNameOf(ref)), `${JSON.stringify(object, null, 2)}\n`);
  }

  remove(ref: ObjectRef): void {
    rmSync(path.join(this.dir, fileNameOf(ref)), { force: true });
  }
}
