// The AnalysisRun calls of the API: create a run (as `kubectl create` would: checked against the
// schema, a generateName completed with a random suffix, an existing name refused) and terminate
// one (spec.terminate: true, the merge patch of `kubectl argo rollouts terminate analysisrun`).
import { randomInt } from 'node:crypto';
import { checkObjects, describeObject, formatIssue, hasErrors } from '../../../api/load-manifests.ts';
import { formatPath } from '../../../api/manifests/field-path.ts';
import type { AnalysisRun } from '../../../api/types/analysis.ts';
import { metadataFindings } from '../../../api/validation/metadata-rules.ts';
import type { ObjectStore } from '../store/object-store.ts';
import { HttpError } from './http-error.ts';

/** The alphabet and length of the API server's generateName suffix (no vowels, no 0/1/3). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX_LENGTH = 5;

export function createAnalysisRun(store: ObjectStore, namespace: string, body: Record<string, unknown>): AnalysisRun {
  const given = body['analysisRun'];
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    throw new HttpError(400, 'the body needs "analysisRun": {an AnalysisRun object}');
  const run = structuredClone(given) as AnalysisRun;
  if (run.kind !== 'AnalysisRun') throw new HttpError(400, `the object is a ${String(run.kind)}, not an AnalysisRun`);
  const metadata = { ...(run.metadata ?? {}) };
  if (metadata.namespace !== undefined && metadata.namespace !== namespace) {
    throw new HttpError(
      400,
      `the run's metadata.namespace ${metadata.namespace} does not match the namespace of the request, ${namespace}`,
    );
  }
  metadata.namespace = namespace;
  if (!metadata.name) {
    if (!metadata.generateName) throw new HttpError(422, 'the run needs metadata.name or metadata.generateName');
    metadata.name = freeName(store, namespace, metadata.generateName);
  } else if (store.get('AnalysisRun', namespace, metadata.name)) {
    throw new HttpError(409, `analysisrun ${metadata.name} already exists in namespace ${namespace}`);
  }
  const checked = { ...run, metadata };
  delete (checked as { status?: unknown }).status;
  const { issues } = checkObjects([{ value: checked }], { structureOnly: true });
  // As the API server: the CRD's schema, and the metadata every object must have right.
  const metadataErrors = metadataFindings(checked).map(
    (finding) => `${describeObject(checked)}: ${formatPath(finding.path)}: ${finding.message}`,
  );
  if (hasErrors(issues) || metadataErrors.length > 0) {
    const errors = [...issues.filter((issue) => issue.severity === 'error').map(formatIssue), ...metadataErrors];
    throw new HttpError(
      422,
      `the AnalysisRun is invalid: ${errors.join('; ')}`,
      errors.length > 0 ? { issues: errors } : {},
    );
  }
  return store.put(checked);
}

export function terminateAnalysisRun(store: ObjectStore, namespace: string, name: string): AnalysisRun {
  const updated = store.update('AnalysisRun', namespace, name, (run) => {
    run.spec.terminate = true;
  });
  if (!updated) throw new HttpError(404, `analysisrun ${namespace}/${name} not found`);
  return updated;
}

function freeName(store: ObjectStore, namespace: string, prefix: string): string {
  for (;;) {
    let suffix = '';
    for (let index = 0; index < SUFFIX_LENGTH; index++) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
    const name = `${prefix}${suffix}`;
    if (!store.get('AnalysisRun', namespace, name)) return name;
  }
}
