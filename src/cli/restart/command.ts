// `sluice restart NAME [--in D]`: spec.restartAt = now (+ D), as Argo's plugin.
import { parseGoDuration } from '../../api/duration.ts';
import { UsageError } from '../shared/errors.ts';
import { stringFlag, type ParsedFlags } from '../shared/flags.ts';
import { oneName, runWithTarget } from '../shared/run-command.ts';
import { spec } from './spec.ts';

interface Restart {
  name: string;
  /** As written (printed back: `restarts in 10s`); `0s` without --in. */
  inText: string;
  inMs: number;
}

export function parseRestart(words: string[], parsed: ParsedFlags): Restart {
  const name = oneName(words);
  const inText = stringFlag(parsed, 'in');
  if (inText === undefined) return { name, inText: '0s', inMs: 0 };
  try {
    return { name, inText, inMs: parseGoDuration(inText) };
  } catch {
    throw new UsageError(`--in takes a duration such as 30s, 5m or 1h, not "${inText}"`);
  }
}

export function run(args: string[]): Promise<number> {
  return runWithTarget(spec, args, parseRestart, async ({ target, namespace, out }, { name, inText, inMs }) => {
    await target.control(namespace, name, 'restart', { restartInMs: inMs });
    out.write(`rollout '${name}' restarts in ${inText}\n`);
    return 0;
  });
}
