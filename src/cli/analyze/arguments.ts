// Options of `sluice analyze`.

export interface AnalyzeArguments {
  filenames: string[];
  template?: string;
  args: Array<{ name: string; value: string }>;
  output: 'text' | 'json';
  help: boolean;
}

export class ArgumentError extends Error {}

export function parseAnalyzeArguments(argv: readonly string[]): AnalyzeArguments {
  const parsed: AnalyzeArguments = { filenames: [], args: [], output: 'text', help: false };
  for (let index = 0; index < argv.length; index++) {
    const raw = argv[index] ?? '';
    const equals = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = equals > 0 ? raw.slice(0, equals) : raw;
    const value = (): string => {
      if (equals > 0) return raw.slice(equals + 1);
      const next = argv[index + 1];
      if (next === undefined || next === '') throw new ArgumentError(`${flag} needs a value after it`);
      index++;
      return next;
    };
    switch (flag) {
      case '-h':
      case '--help':
        parsed.help = true;
        break;
      case '-f':
      case '--filename':
        parsed.filenames.push(value());
        break;
      case '--template':
        parsed.template = value();
        break;
      case '--arg': {
        const pair = value();
        const at = pair.indexOf('=');
        if (at <= 0) throw new ArgumentError(`--arg "${pair}" must be written name=value`);
        parsed.args.push({ name: pair.slice(0, at), value: pair.slice(at + 1) });
        break;
      }
      case '-o':
      case '--output': {
        const output = value();
        if (output !== 'json' && output !== 'text') throw new ArgumentError(`-o ${output}: use -o json (or -o text, the default)`);
        parsed.output = output;
        break;
      }
      default:
        throw new ArgumentError(`unknown argument "${raw}"; run "sluice analyze --help"`);
    }
  }
  if (!parsed.help && parsed.filenames.length === 0) throw new ArgumentError('no manifests given; use -f FILE (the AnalysisTemplate to run)');
  return parsed;
}

export const ANALYZE_HELP = `usage: sluice analyze -f FILE [-f FILE ...] [--template NAME] [--arg name=value ...] [-o json]

Runs an analysis on this machine until it ends, as a rollout would run it: the metrics of an
AnalysisTemplate (or ClusterAnalysisTemplate, or an AnalysisRun) are measured against your real
Prometheus, web endpoints and jobs, and each measurement is shown as it comes. Use it to try a
template before you trust a rollout to it.

options:
  -f, --filename FILE|DIR   manifests holding the template (and templates it refers to); repeatable
      --template NAME       the template to run, when the files hold more than one
      --arg name=value      a value for one of the template's args; repeatable
  -o, --output json         print the final AnalysisRun as JSON on stdout (progress goes to stderr)
  -h, --help                show this help

exit status: 0 Successful, 1 Failed or Error (or bad input), 2 Inconclusive.
Ctrl-C terminates the run (running jobs are stopped); a second Ctrl-C quits at once.`;
