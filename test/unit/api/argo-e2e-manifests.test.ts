// `sluice lint` accepts Argo Rollouts' own manifests: every file of Argo's examples/ and test/e2e/
// folders (read in place from the Go module cache, see test/support/argo-rollouts-module.ts) is
// linted on its own, as Argo's e2e tests apply them, and has no error unless it is listed below
// with the reason Argo does not accept it either. Warnings are allowed only where they say that
// sluice does not do something yet (a traffic router, a step kind) or that it skips a
// kind it does not read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadManifests } from '../../../src/api/load-manifests.ts';
import { formatIssue } from '../../../src/api/manifests/issue.ts';
import { conditionIssues } from '../../../src/cli/lint/condition-issues.ts';
import { argoRolloutsModule } from '../../support/argo-rollouts-module.ts';

/** Files with errors, each with why Argo does not accept it as written either. */
const NOT_ACCEPTED_BY_ARGO: Record<string, string> = {
  'examples/helm-blue-green/Chart.yaml': 'a Helm chart file, not a Kubernetes manifest',
  'examples/helm-blue-green/values.yaml': 'Helm values, not a Kubernetes manifest',
  'examples/helm-blue-green/templates/rollout.yaml': 'a Helm template: YAML only once Helm renders it',
  'examples/helm-blue-green/templates/services.yaml':
    'a Helm template: its {{ .Values... }} are YAML mappings until Helm renders them',
  'examples/traffic-management/rollout-linkerd.yaml':
    'the unquoted annotation value {{ args.linkerd-enabled }} is a YAML mapping with a mapping as key: kubectl refuses the file ("invalid map key")',
  'test/e2e/crds/istio.yaml':
    "Istio's CRDs, not a kind sluice reads; their multi-line quoted descriptions are indented less than YAML allows (Go's YAML parser tolerates it, sluice's does not)",
  'test/e2e/expectedfailures/analysis-run-failfast.yaml':
    'not valid YAML (Go\'s YAML parser refuses it too: "did not find expected key")',
  'test/e2e/expectedfailures/experiment-invalid.yaml':
    'an Experiment template without containers: Argo fails the Experiment (an expected failure)',
  'test/e2e/expectedfailures/malformed-analysisrun.yaml':
    'memory: invalid is not a quantity: the Job cannot be created (an expected failure)',
  'test/e2e/expectedfailures/malformed-analysistemplate.yaml':
    'memory: invalid is not a quantity: the Job cannot be created (an expected failure)',
  'test/e2e/expectedfailures/malformed-clusteranalysistemplate.yaml':
    'memory: invalid is not a quantity: the Job cannot be created (an expected failure)',
  'test/e2e/expectedfailures/malformed-experiment.yaml':
    'memory: invalid is not a quantity: no pod of it can be created (an expected failure)',
  'test/e2e/expectedfailures/malformed-rollout.yaml':
    "memory: invalid is not a quantity: Argo's controller drops the malformed field (and the fields decoded after it) and runs the rest; sluice reports it (lint, and InvalidSpec from the controller)",
  'test/e2e/expectedfailures/malformed-rollout-ephemeral.yaml':
    "memory: invalid is not a quantity: Argo's controller drops the malformed field (and the fields decoded after it) and runs the rest; sluice reports it (lint, and InvalidSpec from the controller)",
  'test/e2e/functional/alb-canary-multi-ingress-rollout.yaml':
    'rootService alb-canary-root is the backend of no rule of either Ingress (they send to alb-canary-multi-ingress-root): Argo\'s ALB router fails every weight change with "ingress does not have service `alb-canary-root` in rules" (its AWS suite skips this test unless E2E_ALB_INGRESS_ANNOTATIONS is set)',
  'test/e2e/functional/nginx-template.yaml':
    "a template of Argo's e2e harness, which replaces REPLACEME before applying it: as written the names are invalid for the API server",
  'test/e2e/step-plugin/template-rollout.yaml':
    "a template of Argo's e2e harness, which replaces $$name$$ before applying it: as written the names are invalid for the API server",
};

/** The warnings an accepted manifest may get, each with why. */
const ALLOWED_WARNINGS: Array<[RegExp, string]> = [
  // No router warning is allowed: every router of Argo's manifests is routed.
  [
    /: warning: sluice does not carry out plugin steps yet/,
    'a step plugin, which sluice does not carry out yet (InvalidSpec at that step)',
  ],
  [
    /: warning: kind \w+ \([\w./-]+\) is not read by sluice; it is skipped$/,
    'an object of another kind, given in the same file',
  ],
];

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return yamlFiles(full);
      return /\.ya?ml$/.test(name) ? [full] : [];
    });
}

const argo = argoRolloutsModule();

test("sluice lint accepts every manifest of Argo's examples/ and test/e2e/ that Argo accepts", {
  skip: argo.skip,
}, () => {
  assert.ok(argo.dir);
  const moduleDir = argo.dir;
  const files = ['examples', path.join('test', 'e2e')].flatMap((folder) => yamlFiles(path.join(moduleDir, folder)));
  assert.ok(files.length > 100, `expected Argo's manifests under ${moduleDir}, found ${files.length} files`);
  const unexpectedErrors: string[] = [];
  const unexpectedWarnings: string[] = [];
  const stillRefused = new Set<string>();
  for (const full of files) {
    const file = path.relative(moduleDir, full);
    // What `sluice lint` reports: the loader's issues and the compiled conditions.
    const loaded = loadManifests([{ file, text: readFileSync(full, 'utf8') }]);
    const issues = [...loaded.issues, ...conditionIssues(loaded.objects)];
    const errors = issues.filter((issue) => issue.severity !== 'warning').map(formatIssue);
    const warnings = issues.filter((issue) => issue.severity === 'warning').map(formatIssue);
    if (errors.length > 0) {
      if (file in NOT_ACCEPTED_BY_ARGO) stillRefused.add(file);
      else unexpectedErrors.push(...errors);
    }
    unexpectedWarnings.push(...warnings.filter((line) => !ALLOWED_WARNINGS.some(([pattern]) => pattern.test(line))));
  }
  assert.deepEqual(unexpectedErrors, []);
  assert.deepEqual(unexpectedWarnings, []);
  // Every listed exception still has errors: a file lint now accepts is taken off the list.
  assert.deepEqual(
    Object.keys(NOT_ACCEPTED_BY_ARGO).filter((file) => !stillRefused.has(file)),
    [],
  );
});
