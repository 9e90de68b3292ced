// The demo's manifests, read from src/demo/manifests/ (real YAML that `sluice lint` checks), with
// the three things the demo adjusts before applying them: the pause durations and the analysis
// interval (`--fast`), and the address where the analysis reaches the mesh (the local gateway).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, parseAllDocuments, type Document } from 'yaml';
import type { ManifestSource } from '../api/load-manifests.ts';

export const MANIFESTS_DIR = fileURLToPath(new URL('./manifests/', import.meta.url));

export const NAMESPACE = 'default';
export const ROLLOUT = 'colorapi';
export const CONTAINER = 'colorapi';
/** The VirtualService host the clients use. */
export const HOST = 'colorapi';
/** The header of the header route (`x-canary: true` goes to the canary). */
export const CANARY_HEADER = 'x-canary';
export const IMAGE_REPOSITORY = 'particule/simplecolorapi';

export interface ScenarioTiming {
  /** Every `pause: {duration}` step. */
  pause: string;
  /** The web analysis' interval between measurements. */
  analysisInterval: string;
}

export const NORMAL_TIMING: ScenarioTiming = { pause: '20s', analysisInterval: '5s' };
export const FAST_TIMING: ScenarioTiming = { pause: '4s', analysisInterval: '2s' };

export interface ScenarioManifestOptions {
  timing: ScenarioTiming;
  /** `host:port` of the local mesh gateway, for the analysis' `mesh-address` argument. */
  meshAddress: string;
  dir?: string;
}

/** The manifest files as ManifestSources, adjusted for this run. */
export function scenarioManifests(options: ScenarioManifestOptions): ManifestSource[] {
  const dir = options.dir ?? MANIFESTS_DIR;
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  return files.map((name) => {
    const file = path.join(dir, name);
    const documents = parseAllDocuments(readFileSync(file, 'utf8'));
    const texts = (Array.isArray(documents) ? documents : [documents]).map((document) => {
      adjust(document as Document, options);
      return String(document);
    });
    const text = texts.map((part, index) => (index === 0 || part.startsWith('---') ? part : `---\n${part}`)).join('');
    return { file, text };
  });
}

function adjust(document: Document, options: ScenarioManifestOptions): void {
  const kind = document.get('kind');
  if (kind === 'Rollout') {
    const steps = document.getIn(['spec', 'strategy', 'canary', 'steps']);
    if (isSeq(steps)) {
      for (const step of steps.items) {
        if (isMap(step) && isMap(step.get('pause'))) step.setIn(['pause', 'duration'], options.timing.pause);
      }
    }
    const args = document.getIn(['spec', 'strategy', 'canary', 'analysis', 'args']);
    if (isSeq(args)) {
      for (const arg of args.items) {
        if (isMap(arg) && arg.get('name') === 'mesh-address') arg.set('value', options.meshAddress);
      }
    }
  }
  if (kind === 'AnalysisTemplate') {
    const metrics = document.getIn(['spec', 'metrics']);
    if (isSeq(metrics)) {
      for (const metric of metrics.items) if (isMap(metric)) metric.set('interval', options.timing.analysisInterval);
    }
  }
}

/** `particule/simplecolorapi:2.0` */
export function imageOf(version: string): string {
  return `${IMAGE_REPOSITORY}:${version}`;
}

/** `2.0` for `particule/simplecolorapi:2.0`; undefined for another image. */
export function versionOf(image: string | undefined): string | undefined {
  if (!image?.startsWith(`${IMAGE_REPOSITORY}:`)) return undefined;
  return image.slice(IMAGE_REPOSITORY.length + 1);
}
