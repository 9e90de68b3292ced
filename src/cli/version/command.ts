// `sluice version [--short]`: read from package.json, loading nothing else.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { switchFlag } from '../shared/flags.ts';
import { runParsed } from '../shared/parsed-command.ts';
import { spec } from './spec.ts';

export function sluiceVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return `v${manifest.version ?? '0.0.0'}`;
}

export function versionText(short: boolean): string {
  const lines = [`sluice: ${sluiceVersion()}`];
  if (!short) lines.push(`  Node: ${process.version}`, `  Platform: ${process.platform}/${process.arch}`);
  return `${lines.join('\n')}\n`;
}

export function run(args: string[]): Promise<number> {
  return runParsed(spec, args, async (line) => {
    process.stdout.write(versionText(switchFlag(line.flags, 'short')));
    return 0;
  });
}
