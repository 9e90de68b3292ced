// `sluice restart NAME [--in D]`: spec.restartAt = now (+ D), as Argo's plugin.
import { parseGoDuration } from '../../api/duration.ts';
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
  // A Go duration: the parser checked it (the spec's duration type).
  return { name, inText, inMs: parseGoDuration(inText) };
}

export function run(args: string[]): Promise<number> {
  return runWithTarget(spec, args, parseRestart, async ({ target, namespace, out }, { name, inText, inMs }) => {
    await target.control(namespace, name, 'restart', { restartInMs: inMs });
    out.write(`rollout '${name}' restarts in ${inText}\n`);
    return 0;
  });
}
