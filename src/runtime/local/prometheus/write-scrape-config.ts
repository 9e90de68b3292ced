// Writes the local runtime's scrape configuration under the state directory:
//   <stateDir>/prometheus/prometheus.yml
//   <stateDir>/prometheus/targets/mesh.json   (the mesh's metrics port)
//   <stateDir>/prometheus/targets/pods.json   (pods annotated prometheus.io/scrape)
// Files are replaced atomically (write, then rename), since Prometheus watches them.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  MESH_TARGETS_FILE,
  meshTargetGroups,
  PODS_TARGETS_FILE,
  podTargetGroups,
  prometheusYaml,
  type ScrapePod,
} from './scrape-config.ts';

export interface ScrapeConfigPaths {
  dir: string;
  config: string;
  targetsDir: string;
  dataDir: string;
}

export function scrapeConfigPaths(stateDir: string): ScrapeConfigPaths {
  const dir = path.resolve(stateDir, 'prometheus');
  return {
    dir,
    config: path.join(dir, 'prometheus.yml'),
    targetsDir: path.join(dir, 'targets'),
    dataDir: path.join(dir, 'data'),
  };
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** Writes prometheus.yml and both target files; returns where they are. */
export function writeScrapeConfig(
  stateDir: string,
  input: { mesh: { host: string; port: number }; pods?: readonly ScrapePod[]; scrapeIntervalSeconds?: number },
): ScrapeConfigPaths {
  const paths = scrapeConfigPaths(stateDir);
  mkdirSync(paths.targetsDir, { recursive: true });
  writeAtomically(
    path.join(paths.targetsDir, MESH_TARGETS_FILE),
    `${JSON.stringify(meshTargetGroups(input.mesh), null, 2)}\n`,
  );
  writePodTargets(stateDir, input.pods ?? []);
  writeAtomically(
    paths.config,
    prometheusYaml(
      paths.targetsDir,
      input.scrapeIntervalSeconds !== undefined ? { scrapeIntervalSeconds: input.scrapeIntervalSeconds } : {},
    ),
  );
  return paths;
}

/** Rewrites only the pods' targets (call it when pods come, go or change annotations). */
export function writePodTargets(stateDir: string, pods: readonly ScrapePod[]): void {
  const paths = scrapeConfigPaths(stateDir);
  mkdirSync(paths.targetsDir, { recursive: true });
  writeAtomically(
    path.join(paths.targetsDir, PODS_TARGETS_FILE),
    `${JSON.stringify(podTargetGroups(pods), null, 2)}\n`,
  );
}
