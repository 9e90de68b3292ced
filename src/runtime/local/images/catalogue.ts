// The image catalogue: what the local runtime runs for a container that names only an image.
// An entry plays the part of the image's ENTRYPOINT (command), CMD (args) and ENV.
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export interface ImageEntry {
  /** The image's entrypoint; absent: the first element of args is the executable. */
  command?: string[];
  /** The image's default arguments (replaced by the container's `args`). */
  args?: string[];
  /** Environment the image sets (the container's `env` overrides it). */
  env?: Record<string, string>;
  /** Directory the process starts in (absolute). */
  workingDir?: string;
}

export interface ImageCatalogue {
  /** Entries by image reference: `name:tag`, or `name` alone to match every tag. */
  entries: ReadonlyMap<string, ImageEntry>;
}

const COLORAPI_SERVER = fileURLToPath(new URL('../../../apps/colorapi/server.ts', import.meta.url));
/** `prom/prometheus` in a process pod: the installed Prometheus with the container's args (prometheus-launcher.ts). */
const PROMETHEUS_LAUNCHER = fileURLToPath(new URL('./prometheus-launcher.ts', import.meta.url));
const PROMETHEUS_IMAGES = ['prom/prometheus', 'quay.io/prometheus/prometheus'];
const COLORAPI_VERSIONS = ['1.0', '2.0', '3.0'];
const COLORAPI_NAMES = ['particule/simplecolorapi', 'sluice/colorapi'];

/**
 * The images of examples/ by colour, run as the colorapi release of that colour (red 1.0, blue
 * 2.0, black 3.0), so every example runs as it is on a fresh clone.
 */
const EXAMPLE_IMAGES: Record<string, string> = {
  'ghcr.io/sluice-examples/colorapi:red': '1.0',
  'ghcr.io/sluice-examples/colorapi:blue': '2.0',
  'ghcr.io/sluice-examples/colorapi:black': '3.0',
  'argoproj/rollouts-demo:red': '1.0',
  'argoproj/rollouts-demo:blue': '2.0',
};

/** The built-in colorapi under the names the demos and examples use (`particule/simplecolorapi:1.0`, `sluice/colorapi:2.0`, ...). */
export function builtInCatalogue(): ImageCatalogue {
  const entries = new Map<string, ImageEntry>();
  for (const name of COLORAPI_NAMES) {
    for (const version of COLORAPI_VERSIONS) {
      entries.set(`${name}:${version}`, { command: [process.execPath, COLORAPI_SERVER], args: ['--version', version] });
    }
  }
  for (const [image, version] of Object.entries(EXAMPLE_IMAGES))
    entries.set(image, { command: [process.execPath, COLORAPI_SERVER], args: ['--version', version] });
  for (const image of PROMETHEUS_IMAGES) entries.set(image, { command: [process.execPath, PROMETHEUS_LAUNCHER] });
  return { entries };
}

/** Later catalogues win: `mergeCatalogues(builtInCatalogue(), fromFile)` lets a file override a built-in entry. */
export function mergeCatalogues(...catalogues: ImageCatalogue[]): ImageCatalogue {
  const entries = new Map<string, ImageEntry>();
  for (const catalogue of catalogues) for (const [reference, entry] of catalogue.entries) entries.set(reference, entry);
  return { entries };
}

/**
 * The entry for an image: the exact reference first, then the repository name without tag or digest.
 * A `docker.io/` or `docker.io/library/` prefix is ignored, as Docker's short names are.
 */
export function findImage(catalogue: ImageCatalogue, image: string): ImageEntry | undefined {
  for (const candidate of referenceCandidates(image)) {
    const entry = catalogue.entries.get(candidate);
    if (entry) return entry;
  }
  return undefined;
}

function referenceCandidates(image: string): string[] {
  const short = image.replace(/^docker\.io\/(library\/)?/, '');
  const name = repositoryName(short);
  return [...new Set([image, short, name])];
}

/** `registry:5000/team/app:1.2@sha256:...` -> `registry:5000/team/app` (a port in the registry host is kept). */
export function repositoryName(reference: string): string {
  const withoutDigest = reference.split('@')[0] ?? reference;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** A catalogue file's example, for error messages and docs. */
export function catalogueExample(image: string): string {
  const key = image.includes(':') || image.includes('@') ? image : `${image}:latest`;
  return [
    `"${key}":`,
    '  command: ["/path/to/program"]',
    '  args: ["--listen", "127.0.0.1:$(PORT)"]',
    '  env: { LOG_LEVEL: info }',
  ].join('\n');
}

export function resolveWorkingDir(baseDir: string, workingDir: string | undefined): string {
  return workingDir === undefined ? baseDir : path.resolve(baseDir, workingDir);
}
