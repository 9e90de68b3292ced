// The bounds of what the manifest loader reads, so that no file can exhaust sluice: its size, how
// deep its collections nest, and how much its YAML aliases may expand. Real manifests stay far
// below each of them; a file beyond one is refused with an error at its place, never read.

/** The largest manifest file read, in characters (8 MiB; the API server takes at most 3 MiB per request). */
export const MAX_FILE_CHARACTERS = 8 * 1024 * 1024;

/** The deepest nesting of mappings and lists in a document (pod specs nest about 12 levels). */
export const MAX_NESTING_DEPTH = 100;

/**
 * How many values YAML aliases may produce in one document (each use of an alias, and each value
 * copied from its anchor, counts one): a nest of aliases (an "alias bomb") runs out of it after a
 * few levels, while a shared snippet may still be used hundreds of times. The `yaml` library's
 * own `maxAliasCount` is not enough here: it does not count aliases to an empty list or mapping,
 * and it finds each alias's anchor by walking the whole document, so 30,000 aliases in a 130 KB
 * file take seconds.
 */
export const MAX_ALIAS_EXPANSION = 20_000;

export function fileTooLargeMessage(characters: number): string {
  return `the file is ${mebibytes(characters)} MiB, more than the ${mebibytes(MAX_FILE_CHARACTERS)} MiB sluice reads in one file; split it into smaller files (the API server takes at most 3 MiB per object)`;
}

export function tooDeepMessage(): string {
  return `mappings and lists nest deeper than ${MAX_NESTING_DEPTH} levels here; a manifest never needs this, so check the indentation and the brackets`;
}

/** For an object given already parsed (no text to point into). */
export function objectTooDeepMessage(): string {
  return `mappings and lists nest deeper than ${MAX_NESTING_DEPTH} levels here; a manifest never needs this, so check how the object is built (an object that contains itself never ends)`;
}

export function tooManyAliasesMessage(): string {
  return `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values in this document (aliases inside anchored content multiply): write the repeated content out, or nest fewer aliases`;
}

export function recursiveAliasMessage(anchor: string): string {
  return `alias *${anchor} is used inside the node its anchor &${anchor} names, so it would never end; refer to an anchor defined outside this node`;
}

function mebibytes(characters: number): string {
  return (characters / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
