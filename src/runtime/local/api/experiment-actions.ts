// The local API's Experiment verbs, as Argo's plugin carries them out: terminate sets
// spec.terminate, retry clears the status (the experiment runs again from the start).
import type { Experiment } from '../../../api/types/experiment.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { HttpError } from './http-error.ts';

export function experimentAt(store: ObjectStore, namespace: string, name: string): Experiment {
  const experiment = store.get('Experiment', namespace, name);
  if (!experiment) throw new HttpError(404, `experiment ${namespace}/${name} not found`);
  return experiment;
}

export function terminateExperiment(store: ObjectStore, namespace: string, name: string): Experiment {
  const updated = store.update('Experiment', namespace, name, (experiment) => {
    experiment.spec.terminate = true;
  });
  if (!updated) throw new HttpError(404, `experiment ${namespace}/${name} not found`);
  return updated;
}

export function retryExperiment(store: ObjectStore, namespace: string, name: string): Experiment {
  experimentAt(store, namespace, name);
  store.writeStatus({ kind: 'Experiment', namespace, name }, {});
  return experimentAt(store, namespace, name);
}
