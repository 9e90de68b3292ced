// The layering contract of docs/architecture.md (Folders): which source folders must stay pure
// (no I/O, no ambient clock) and which folders each layer may import from.

import type { SourceFile } from '../source-files.ts';

export type { SourceFile };

export interface Violation {
  path: string;
  line: number;
  message: string;
}

interface Layer {
  name: string;
  folder: string;
  pure: boolean;
  mayImport: string[]; // names of other layers
  /** Imports nothing outside its own folder but node builtins (generic plumbing). */
  selfContained?: boolean;
  /** npm packages a self-contained layer may import as well. */
  packages?: string[];
  /** Runs in a browser: no node builtins, though not pure (it does I/O with fetch and reads the clock). */
  browser?: boolean;
  /** Other layers import only its top-level files (its public ones), never a file of a subfolder. */
  publicTopLevel?: boolean;
}

/** What every part of src/runtime/ may import. */
const RUNTIME_BASE = [
  'api',
  'conventions',
  'expr',
  'analysis',
  'analysis-providers',
  'traffic',
  'engine',
  'view',
  'platform',
  'notifications',
];

const layers: Layer[] = [
  { name: 'platform', folder: 'src/platform/', pure: false, mayImport: [], selfContained: true, packages: ['yaml'] },
  { name: 'api', folder: 'src/api/', pure: true, mayImport: [] },
  // Labels, annotations and timestamps as Argo Rollouts and Kubernetes write them.
  { name: 'conventions', folder: 'src/conventions/', pure: true, mayImport: ['api'] },
  { name: 'expr', folder: 'src/expr/', pure: true, mayImport: [] },
  // Notifications as Argo configures them: configuration, subscriptions, triggers, templates (Go
  // text/template) and what each service sends; the sending itself is the runtimes'.
  { name: 'notifications', folder: 'src/notifications/', pure: true, mayImport: ['api', 'conventions', 'expr'] },
  {
    name: 'analysis-providers',
    folder: 'src/analysis/providers/',
    pure: false,
    publicTopLevel: true,
    mayImport: ['api', 'expr', 'analysis', 'platform'],
  },
  { name: 'analysis', folder: 'src/analysis/', pure: true, mayImport: ['api', 'conventions', 'expr'] },
  { name: 'traffic', folder: 'src/traffic/', pure: true, publicTopLevel: true, mayImport: ['api'] },
  {
    name: 'engine',
    folder: 'src/engine/',
    pure: true,
    publicTopLevel: true,
    mayImport: ['api', 'conventions', 'expr', 'analysis', 'traffic'],
  },
  { name: 'view', folder: 'src/view/', pure: true, mayImport: ['api', 'conventions', 'engine', 'analysis', 'traffic'] },
  // The rollout loop does no I/O itself (its ports do) and takes the time as a parameter; it and the
  // analysis loop serve both runtimes, which never import each other.
  {
    name: 'runtime-rollouts',
    folder: 'src/runtime/rollouts/',
    pure: true,
    mayImport: [...RUNTIME_BASE, 'runtime', 'runtime-analysis'],
  },
  { name: 'runtime-analysis', folder: 'src/runtime/analysis/', pure: false, mayImport: [...RUNTIME_BASE, 'runtime'] },
  // The Experiment loop: pure as the rollout loop (its ports do the I/O).
  {
    name: 'runtime-experiments',
    folder: 'src/runtime/experiments/',
    pure: true,
    mayImport: [...RUNTIME_BASE, 'runtime', 'runtime-rollouts'],
  },
  {
    name: 'runtime-kubernetes',
    folder: 'src/runtime/kubernetes/',
    pure: false,
    mayImport: [...RUNTIME_BASE, 'runtime', 'runtime-analysis', 'runtime-rollouts', 'runtime-experiments'],
  },
  {
    name: 'runtime-local',
    folder: 'src/runtime/local/',
    pure: false,
    mayImport: [...RUNTIME_BASE, 'runtime', 'runtime-analysis', 'runtime-rollouts', 'runtime-experiments'],
  },
  { name: 'runtime', folder: 'src/runtime/', pure: false, mayImport: RUNTIME_BASE },
  // The API contract the dashboard's server and its browser bundle share: types only, no I/O.
  { name: 'dashboard-contract', folder: 'src/dashboard/contract.ts', pure: true, mayImport: ['api', 'view'] },
  // The dashboard's web UI runs in the browser: the contract and the pure view model, no node builtins.
  {
    name: 'dashboard-web',
    folder: 'src/dashboard/web/',
    pure: false,
    browser: true,
    mayImport: ['dashboard-contract', 'view'],
  },
  {
    name: 'dashboard',
    folder: 'src/dashboard/',
    pure: false,
    mayImport: [
      'dashboard-contract',
      // The server reads and acts through the CLI's Target port (src/cli/target/).
      'cli',
      'api',
      'view',
      'runtime',
      'runtime-rollouts',
      'runtime-analysis',
      'runtime-kubernetes',
      'runtime-local',
      'platform',
    ],
  },
  { name: 'cli', folder: 'src/cli/', pure: false, mayImport: ['*'] },
];

const ambientCalls: Array<[RegExp, string]> = [
  [/\bprocess\./, 'uses `process`; pass what it needs as a parameter'],
  [/\bDate\.now\s*\(/, 'reads the clock with Date.now(); take `now` as a parameter'],
  [/\bnew Date\s*\(\s*\)/, 'reads the clock with new Date(); take `now` as a parameter'],
  [/\bperformance\.now\s*\(/, 'reads the clock with performance.now(); take `now` as a parameter'],
  [/\bMath\.random\s*\(/, 'uses Math.random(); pure code must be deterministic'],
  [/\b(setTimeout|setInterval|setImmediate)\s*\(/, 'schedules timers; return a requeue delay instead'],
  [/\bfetch\s*\(/, 'does network I/O with fetch(); I/O belongs in a runtime or provider'],
  [/\brequire\s*\(/, 'uses require(); pure code imports statically'],
];

const builtinModules = new Set([
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'console',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'inspector',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'repl',
  'stream',
  'timers',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
]);

export function layerOf(path: string): Layer | undefined {
  return layers.find((layer) => path.startsWith(layer.folder));
}

function stripComments(source: string): string {
  // Keeps line structure so reported line numbers stay right.
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function importsOf(source: string): Array<{ specifier: string; line: number }> {
  const found: Array<{ specifier: string; line: number }> = [];
  const pattern =
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of source.matchAll(pattern)) {
    const specifier = match[1] ?? match[2] ?? '';
    const line = source.slice(0, match.index).split('\n').length;
    found.push({ specifier, line });
  }
  return found;
}

function resolveRelative(fromPath: string, specifier: string): string {
  const parts = fromPath.split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

export function checkFile(file: SourceFile): Violation[] {
  const layer = layerOf(file.path);
  if (!layer) return [];
  const violations: Violation[] = [];
  const code = stripComments(file.source);
  for (const { specifier, line } of importsOf(code)) {
    const isBuiltin = specifier.startsWith('node:') || builtinModules.has(specifier);
    if (isBuiltin && layer.pure) {
      violations.push({ path: file.path, line, message: `${layer.name} is pure and may not import '${specifier}'` });
      continue;
    }
    if (isBuiltin && layer.browser) {
      violations.push({
        path: file.path,
        line,
        message: `${layer.name} runs in the browser and may not import '${specifier}'`,
      });
      continue;
    }
    const outside = !specifier.startsWith('.') || !resolveRelative(file.path, specifier).startsWith(layer.folder);
    if (!isBuiltin && layer.selfContained && outside && !layer.packages?.includes(specifier)) {
      violations.push({
        path: file.path,
        line,
        message: `${layer.name} is self-contained and may import only node builtins and its own files, not '${specifier}'`,
      });
      continue;
    }
    if (!specifier.startsWith('.')) continue;
    const resolved = resolveRelative(file.path, specifier);
    const target = layerOf(resolved);
    if (!target || target.name === layer.name) continue;
    if (!layer.mayImport.includes('*') && !layer.mayImport.includes(target.name)) {
      violations.push({
        path: file.path,
        line,
        message: `${layer.name} may not import from ${target.name} ('${specifier}')`,
      });
    } else if (target.publicTopLevel && resolved.slice(target.folder.length).includes('/')) {
      violations.push({
        path: file.path,
        line,
        message: `${layer.name} may import ${target.name} only through its top-level files (${target.folder}*.ts), not its internals ('${specifier}')`,
      });
    }
  }
  if (layer.pure) {
    code.split('\n').forEach((text, index) => {
      for (const [pattern, message] of ambientCalls) {
        if (pattern.test(text))
          violations.push({ path: file.path, line: index + 1, message: `${layer.name} is pure but ${message}` });
      }
    });
  }
  return violations;
}

export function checkLayering(files: SourceFile[]): Violation[] {
  return files.flatMap(checkFile);
}
