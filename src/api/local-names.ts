// The local runtime names no object but an AnalysisRun (whose generateName gets its random suffix
// there, as the API server would give it): any other object needs metadata.name, or it would be
// stored nameless. One check for every way objects reach the local runtime: `sluice run`'s starting
// manifests, `sluice apply` and `sluice create -f` (the CLI checks the files as written, the runtime
// what it is sent). On a cluster the API server generates names, so this is the local runtime's only.
import { describeObject, type GivenObject } from './manifests/check-objects.ts';
import { formatPath, type PathSegment } from './manifests/field-path.ts';
import type { ValidationIssue } from './manifests/issue.ts';

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * An error for every object of `documents` (the items of a `kind: List` each) that has no
 * metadata.name, but an AnalysisRun where the names are completed (`sluice create -f`: the run's
 * own endpoint gives a generateName its suffix). `sluice apply` and `sluice run` name nothing, as
 * `kubectl apply` refuses generateName: there an AnalysisRun needs its name as well.
 */
export function unnamedObjectIssues(
  documents: readonly GivenObject[],
  options: { runsNamed: boolean } = { runsNamed: true },
): ValidationIssue[] {
  return documents.flatMap((document) => {
    const value = document.value;
    if (!isMapping(value)) return [];
    if (value.kind === 'List' && Array.isArray(value.items))
      return value.items.flatMap((item, index) => unnamed(document, item, ['items', index], options.runsNamed));
    return unnamed(document, value, [], options.runsNamed);
  });
}

function unnamed(document: GivenObject, value: unknown, at: PathSegment[], runsNamed: boolean): ValidationIssue[] {
  if (!isMapping(value)) return [];
  const kind = typeof value.kind === 'string' ? value.kind : '';
  const metadata = isMapping(value.metadata) ? value.metadata : {};
  if (typeof metadata.name === 'string' && metadata.name !== '') return [];
  if (kind === 'AnalysisRun' && runsNamed) return [];
  const generateName = typeof metadata.generateName === 'string' ? metadata.generateName : '';
  const given = generateName !== '' ? `with generateName ${generateName} and no name` : 'with no name';
  const path = [...at, 'metadata', 'name'];
  // The line where the name belongs: that of the metadata (or of the object, without metadata).
  const line = document.lines?.lineOf(path);
  return [
    {
      file: document.origin ?? describeObject(value),
      ...(line === undefined ? {} : { line }),
      path: formatPath(path),
      message:
        kind === 'AnalysisRun'
          ? `an AnalysisRun ${given}: only sluice create -f (POST /api/v1/analysisruns/NAMESPACE) completes a generateName, apply and sluice run do not (as kubectl apply); give metadata.name, or create the run with sluice create -f`
          : `a ${kind || 'object'} ${given}: the local runtime generates names for AnalysisRuns only; give metadata.name`,
      severity: 'error',
    },
  ];
}
