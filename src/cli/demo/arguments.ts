// Options of `sluice demo`.

export interface DemoArguments {
  fast: boolean;
  ci: boolean;
  noColor: boolean;
  port?: number;
  rate?: number;
  help: boolean;
}

export class ArgumentError extends Error {}

export const DEMO_HELP = `usage: sluice demo [--fast] [--ci] [--port N] [--rate N] [--no-color]

Runs the colorapi canary scenario on this machine, with no cluster: a Rollout of 5 replicas
behind an Istio VirtualService, a header route (x-canary: true goes to the canary) and a
background web analysis. 1.0 (red) is deployed, 2.0 (blue) is promoted step by step, 3.0
(black, status "nok") is aborted by the analysis and traffic returns to 2.0, while a load
generator sends steady traffic and the screen shows the share of answers per color.
Exits 0 when the scenario unfolded as expected, 1 otherwise. See docs/demo.md.

options:
  --fast        pauses of 4s instead of 20s, an analysis every 2s instead of 5s
  --ci          one line per event and a summary, even on a terminal (the default when not a terminal)
  --port N      port of the mesh gateway on 127.0.0.1 (default: a free port)
  --rate N      requests per second of the load generator (default 150, at most 1000)
  --no-color    no colours (also NO_COLOR=1)
  -h, --help    show this help`;

function numberOf(flag: string, value: string | undefined, min: number, max: number): number {
  const number = Number(value);
  if (value === undefined || !Number.isInteger(number) || number < min || number > max) throw new ArgumentError(`${flag} needs a whole number between ${min} and ${max}, got ${JSON.stringify(value ?? '')}`);
  return number;
}

export function parseDemoArguments(args: readonly string[]): DemoArguments {
  const parsed: DemoArguments = { fast: false, ci: false, noColor: false, help: false };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++index];
    if (flag === '-h' || flag === '--help') parsed.help = true;
    else if (flag === '--fast') parsed.fast = true;
    else if (flag === '--ci') parsed.ci = true;
    else if (flag === '--no-color') parsed.noColor = true;
    else if (flag === '--port') parsed.port = numberOf(flag, value(), 1, 65535);
    else if (flag === '--rate') parsed.rate = numberOf(flag, value(), 1, 1000);
    else throw new ArgumentError(`unknown argument "${arg}"; see sluice demo --help`);
  }
  return parsed;
}
