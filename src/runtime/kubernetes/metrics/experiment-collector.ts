// The Experiment families, computed from the informer cache at scrape time: experiment_info and
// the deprecated experiment_phase (which, as in Argo, has no Failed sample).
import type { Experiment } from '../../../api/types/experiment.ts';
import type { MetricFamily, Sample } from '../../../platform/prometheus/exposition.ts';
import type { Stored } from '../../../platform/kubernetes/client/objects.ts';

const PHASES = ['Pending', 'Error', 'Successful', 'Running', 'Inconclusive'] as const;

export function experimentFamilies(experiments: ReadonlyArray<Stored<Experiment>>): MetricFamily[] {
  const info: Sample[] = [];
  const phases: Sample[] = [];
  for (const experiment of experiments) {
    const base = { namespace: experiment.metadata.namespace, name: experiment.metadata.name };
    const phase = experiment.status?.phase ?? '';
    info.push({ name: 'experiment_info', labels: { ...base, phase }, value: 1 });
    for (const candidate of PHASES) {
      const matches = candidate === phase || (candidate === 'Pending' && phase === '');
      phases.push({ name: 'experiment_phase', labels: { ...base, phase: candidate }, value: matches ? 1 : 0 });
    }
  }
  return [
    { name: 'experiment_info', help: 'Information about Experiment.', type: 'gauge', samples: info },
    {
      name: 'experiment_phase',
      help: 'Information on the state of the experiment (DEPRECATED - use experiment_info)',
      type: 'gauge',
      samples: phases,
    },
  ];
}
