// Maps provider keys (prometheus, web, job, ...) to implementations. A metric whose provider sluice
// does not run gets an Error measurement that names it: never a silent fallback.
import type { Measurement, Metric } from '../../api/types/analysis.ts';
import {
  errorReport,
  providerKeysOf,
  type MeasureContext,
  type MeasurementReport,
  type MetricProvider,
} from './provider.ts';

export type ProviderAction = 'measure' | 'resume' | 'terminate';

export class ProviderRegistry {
  readonly #providers = new Map<string, MetricProvider>();

  constructor(providers: readonly MetricProvider[] = []) {
    for (const provider of providers) this.#providers.set(provider.key, provider);
  }

  get keys(): string[] {
    return [...this.#providers.keys()];
  }

  get(key: string): MetricProvider | undefined {
    return this.#providers.get(key);
  }

  /**
   * Runs one action with the metric's provider. Whatever goes wrong (unknown provider, a provider
   * that throws) comes back as an Error report with a message, so a run never crashes on it.
   */
  async run(
    action: ProviderAction,
    metric: Metric,
    context: MeasureContext,
    measurement?: Measurement,
  ): Promise<MeasurementReport> {
    const startedAt = context.now();
    const provider = this.#resolve(metric);
    if (typeof provider === 'string') return errorReport(metric, startedAt, provider);
    try {
      if (action === 'measure') return await provider.measure(metric, context);
      if (!measurement)
        return errorReport(metric, startedAt, `cannot ${action} metric "${metric.name}": no measurement in flight`);
      if (action === 'resume') return await provider.resume(metric, measurement, context);
      return await provider.terminate(metric, measurement, context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return errorReport(metric, startedAt, `${provider.key} provider failed: ${message}`);
    }
  }

  #resolve(metric: Metric): MetricProvider | string {
    const keys = providerKeysOf(metric);
    const supported = this.keys.join(', ');
    if (keys.length === 0) return `metric "${metric.name}" has no provider; set one of: ${supported}`;
    if (keys.length > 1) return `metric "${metric.name}" sets several providers (${keys.join(', ')}); keep exactly one`;
    const key = keys[0] ?? '';
    const provider = this.#providers.get(key);
    if (!provider) return `metric provider "${key}" is not supported by sluice; supported providers: ${supported}`;
    return provider;
  }
}
