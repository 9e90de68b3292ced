// Reads an image catalogue file (`--images FILE`): a YAML mapping from image reference to
// { command, args, env, workingDir }. Every problem names the file, the line and the field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import {
  builtInCatalogue,
  mergeCatalogues,
  resolveWorkingDir,
  type ImageCatalogue,
  type ImageEntry,
} from './catalogue.ts';

export class CatalogueError extends Error {
  override name = 'CatalogueError';
}

/** The catalogue the local runtime uses: the built-in entries, overridden by `--images FILE` when given. */
export function runtimeCatalogue(file: string | undefined): ImageCatalogue {
  return file === undefined ? builtInCatalogue() : mergeCatalogues(builtInCatalogue(), loadCatalogueFile(file));
}

export function loadCatalogueFile(file: string): ImageCatalogue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogueError(
      `cannot read the image catalogue ${file}: ${(error as Error).message}; check the path given to --images`,
    );
  }
  return parseCatalogue(text, file);
}

/** Parses catalogue text; relative `workingDir` values are resolved from the file's directory. */
export function parseCatalogue(text: string, file: string): ImageCatalogue {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const lineOf = (node: Node | Pair | null | undefined): number => {
    const offset =
      node && 'range' in node
        ? node.range?.[0]
        : node && 'key' in node
          ? (node.key as Node | null)?.range?.[0]
          : undefined;
    return offset === undefined ? 1 : lines.linePos(offset).line;
  };
  const fail = (node: Node | Pair | null | undefined, field: string, problem: string): never => {
    throw new CatalogueError(`${file}:${lineOf(node)}: ${field}: ${problem}`);
  };
  const firstError = document.errors[0];
  if (firstError)
    throw new CatalogueError(
      `${file}:${firstError.linePos?.[0]?.line ?? 1}: not valid YAML: ${firstError.message.split('\n')[0]}`,
    );

  const baseDir = path.dirname(path.resolve(file));
  const entries = new Map<string, ImageEntry>();
  const root = document.contents;
  if (root === null) return { entries };
  if (!isMap(root))
    return fail(root, '(top level)', 'expected a mapping from image reference to { command, args, env }');
  for (const pair of root.items) {
    const reference = isScalar(pair.key)
      ? String(pair.key.value)
      : fail(pair, '(key)', 'an image reference must be a plain string');
    const value = pair.value as Node | null;
    if (!isMap(value)) return fail(pair, reference, 'expected a mapping with command, args, env or workingDir');
    const entry: ImageEntry = { workingDir: baseDir };
    for (const field of value.items) {
      const name = isScalar(field.key) ? String(field.key.value) : '';
      const fieldPath = `${reference}.${name}`;
      const fieldValue = field.value as Node | null;
      if (name === 'command' || name === 'args')
        entry[name] = stringList(fieldValue, () => fail(field, fieldPath, 'expected a list of strings'));
      else if (name === 'env') entry.env = envMap(fieldValue, (problem) => fail(field, fieldPath, problem));
      else if (name === 'workingDir') {
        if (!isScalar(fieldValue) || typeof fieldValue.value !== 'string')
          return fail(field, fieldPath, 'expected a string');
        entry.workingDir = resolveWorkingDir(baseDir, fieldValue.value);
      } else return fail(field, fieldPath, 'unknown field; allowed: command, args, env, workingDir');
    }
    if (!entry.command?.length && !entry.args?.length)
      fail(pair, reference, 'needs a command (or args whose first element is the program)');
    entries.set(reference, entry);
  }
  return { entries };
}

function stringList(node: Node | null, fail: () => never): string[] {
  if (!isSeq(node)) return fail();
  return node.items.map((item) =>
    isScalar(item) && item.value !== null && typeof item.value !== 'object' ? String(item.value) : fail(),
  );
}

/** `env` as a mapping (`KEY: value`) or as Kubernetes writes it (`- name: KEY\n  value: v`). */
function envMap(node: Node | null, fail: (problem: string) => never): Record<string, string> {
  const env: Record<string, string> = {};
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !isScalar(pair.value)) fail('expected KEY: value pairs');
      env[String((pair.key as { value: unknown }).value)] = String((pair.value as { value: unknown }).value ?? '');
    }
    return env;
  }
  if (isSeq(node)) {
    for (const item of node.toJSON() as unknown[]) {
      const { name, value } = (item ?? {}) as { name?: unknown; value?: unknown };
      if (typeof name !== 'string') fail('each item needs a name (and a value)');
      env[name as string] = value === undefined || value === null ? '' : String(value);
    }
    return env;
  }
  return fail('expected a mapping of KEY: value or a list of { name, value }');
}
