// A folder of control-plane binaries whose API server runs without its watch cache, so that
// watches are served by etcd and a watch from a compacted resourceVersion gets a real 410
// Gone. (With the watch cache on, the API server answers old versions from memory.)
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function binDirWithoutWatchCache(realBinDir: string): { binDir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sluice-cp-no-watch-cache-'));
  const real = path.join(realBinDir, 'controlplane');
  const wrapper = [
    '#!/bin/sh',
    `if [ "$1" = apiserver ]; then exec "${real}" "$@" --watch-cache=false; fi`,
    `exec "${real}" "$@"`,
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'controlplane'), wrapper);
  chmodSync(path.join(dir, 'controlplane'), 0o755);
  for (const name of ['kwok', 'kubectl']) symlinkSync(path.join(realBinDir, name), path.join(dir, name));
  return { binDir: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
