// The metric providers sluice runs, behind one registry.
import { JobProvider } from './job/provider.ts';
import type { JobRunner } from './job/runner.ts';
import { PrometheusProvider } from './prometheus/provider.ts';
import { ProviderRegistry } from './registry.ts';
import { WebProvider, type WebRoute } from './web/provider.ts';

export { ProviderRegistry, type ProviderAction } from './registry.ts';
export type { MeasureContext, MetricProvider, RunIdentity } from './provider.ts';
export { PrometheusProvider } from './prometheus/provider.ts';
export { WebProvider, type WebRoute } from './web/provider.ts';
export { JobProvider, JOB_NAME_KEY } from './job/provider.ts';
export type { JobRunner, JobState, JobStart } from './job/runner.ts';
export { LocalJobRunner } from './job/local-runner.ts';

export interface StandardProvidersOptions {
  /** Runs the job provider's jobs; without one, job metrics give an Error measurement. */
  jobRunner?: JobRunner;
  /** Prometheus address for metrics that give none. */
  prometheusAddress?: string;
  jobPollIntervalMs?: number;
  /** Where web and prometheus metrics send a URL instead (the local runtime's mesh for its Services' DNS names). */
  webRoute?: WebRoute;
}

export function standardProviders(options: StandardProvidersOptions = {}): ProviderRegistry {
  return new ProviderRegistry([
    new PrometheusProvider({
      ...(options.prometheusAddress ? { defaultAddress: options.prometheusAddress } : {}),
      ...(options.webRoute ? { route: options.webRoute } : {}),
    }),
    new WebProvider(options.webRoute ? { route: options.webRoute } : {}),
    ...(options.jobRunner
      ? [
          new JobProvider({
            runner: options.jobRunner,
            ...(options.jobPollIntervalMs ? { pollIntervalMs: options.jobPollIntervalMs } : {}),
          }),
        ]
      : []),
  ]);
}
