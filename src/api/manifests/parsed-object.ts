// A manifest object that passed structural validation, with the way back to its source lines
// (when it was read from text).
import type { KnownObject } from '../types/index.ts';
import { parsePath, type PathSegment } from './field-path.ts';
import type { LineLookup } from './yaml-documents.ts';

export interface ParsedObject<T extends KnownObject = KnownObject> {
  file: string;
  /** Index of the document in its file, from 0. */
  documentIndex: number;
  object: T;
  /** The line of a field path (`spec.strategy.canary.steps[1]`), or of its nearest written ancestor; undefined for an object given without its text. */
  lineOf(path: string | readonly PathSegment[]): number | undefined;
}

export function makeParsedObject<T extends KnownObject>(
  file: string,
  documentIndex: number,
  object: T,
  lines: LineLookup | undefined,
): ParsedObject<T> {
  return {
    file,
    documentIndex,
    object,
    lineOf: (path) => lines?.lineOf(typeof path === 'string' ? parsePath(path) : path),
  };
}
