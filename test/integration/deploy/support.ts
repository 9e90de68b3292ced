// Helpers for the deploy/ suites against the real API server: whether the control plane is
// there, the argoproj.io objects of examples/, and permission checks with SubjectAccessReviews.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findBinDir, repoRoot, type BinDirLookup } from '../../controlplane/paths.ts';
import { kubectlOrThrow, type Kubectl } from '../../controlplane/kubectl.ts';
import type { Permission } from '../../unit/deploy/support/controller-permissions.ts';
import type { Json } from '../../support/json.ts';
export type { Json };

export const deployDir = path.join(repoRoot, 'deploy');
export const CONTROLLER_USER = 'system:serviceaccount:sluice-system:sluice-controller';

/** Outside CI a missing control plane skips the suite; with CI=true it fails it. */
export async function controlPlaneAvailability(): Promise<{ binaries: BinDirLookup; skip: string | false }> {
  const binaries = await findBinDir();
  const inCi = process.env['CI'] === 'true';
  return { binaries, skip: !binaries.found && !inCi ? `the control plane is not built (${binaries.reason})` : false };
}

/** The argoproj.io objects of the runnable examples (not examples/invalid), as JSON. */
export function exampleArgoObjects(): { file: string; object: Json }[] {
  const found: { file: string; object: Json }[] = [];
  const examplesDir = path.join(repoRoot, 'examples');
  for (const scenario of readdirSync(examplesDir).sort()) {
    const dir = path.join(examplesDir, scenario);
    if (scenario === 'invalid' || !statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir)
      .filter((name) => name.endsWith('.yaml'))
      .sort()) {
      for (const document of parseAllDocuments(readFileSync(path.join(dir, file), 'utf8'), { version: '1.1' })) {
        const object = document.toJS() as Json | null;
        if (object && String(object.apiVersion).startsWith('argoproj.io/'))
          found.push({ file: `examples/${scenario}/${file}`, object });
      }
    }
  }
  return found;
}

/** The plural of an argoproj.io kind, as the API serves it. */
export function pluralOf(kind: string): string {
  return `${kind.toLowerCase()}s.argoproj.io`;
}

/** What the user wrote in an object, without what the API server adds. */
export function userFields(object: Json): Json {
  const { metadata = {}, ...rest } = object;
  const kept: Json = { ...rest };
  kept.metadata = {
    name: metadata.name,
    labels: metadata.labels,
    annotations: withoutApplyAnnotation(metadata.annotations),
  };
  return JSON.parse(JSON.stringify(kept)) as Json;
}

function withoutApplyAnnotation(annotations: Json | undefined): Json | undefined {
  if (!annotations) return undefined;
  const { 'kubectl.kubernetes.io/last-applied-configuration': _applied, ...rest } = annotations;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

export async function getJson(kubectl: Kubectl, args: string[]): Promise<Json> {
  return JSON.parse(await kubectlOrThrow(kubectl, ['get', ...args, '-o', 'json'])) as Json;
}

export interface AccessCheck {
  verb: string;
  /** resource.group (resource alone for the core group) */
  resource: string;
  subresource?: string;
  namespace?: string;
}

/** One `kubectl auth can-i` check per verb of each permission, in the given namespace. */
export function accessChecks(permissions: readonly Permission[], namespace: string): AccessCheck[] {
  return permissions.flatMap((permission) => {
    const [name, subresource] = permission.resource.split('/') as [string, string | undefined];
    return permission.verbs.map((verb) => ({
      verb,
      resource: permission.group === '' ? name : `${name}.${permission.group}`,
      ...(subresource === undefined ? {} : { subresource }),
      ...(permission.clusterScoped ? {} : { namespace }),
    }));
  });
}

/**
 * Asks the API server's authorizer with a SubjectAccessReview, not `kubectl auth can-i`: can-i maps
 * the resource through discovery first, and a kind whose CRD is not installed (the routers' kinds,
 * here) would be asked as a resource of the core group and refused, whatever the role grants.
 */
async function isAllowed(kubectl: Kubectl, user: string, check: AccessCheck): Promise<boolean> {
  const dot = check.resource.indexOf('.');
  const review = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: {
      user,
      // A ServiceAccount's token carries these groups; the bindings under test name the user.
      groups: user.startsWith('system:serviceaccount:')
        ? ['system:serviceaccounts', `system:serviceaccounts:${user.split(':')[2]}`, 'system:authenticated']
        : ['system:authenticated'],
      resourceAttributes: {
        verb: check.verb,
        group: dot === -1 ? '' : check.resource.slice(dot + 1),
        resource: dot === -1 ? check.resource : check.resource.slice(0, dot),
        ...(check.subresource === undefined ? {} : { subresource: check.subresource }),
        ...(check.namespace === undefined ? {} : { namespace: check.namespace }),
      },
    },
  };
  const answer = await kubectlOrThrow(
    kubectl,
    ['create', '--raw', '/apis/authorization.k8s.io/v1/subjectaccessreviews', '-f', '-'],
    { input: JSON.stringify(review) },
  );
  const allowed = (JSON.parse(answer) as { status?: { allowed?: boolean } }).status?.allowed;
  assert.equal(typeof allowed, 'boolean', `SubjectAccessReview of ${check.verb} ${check.resource}: ${answer}`);
  return allowed === true;
}

/** The checks whose answer is not `expected`, each as `verb resource -n namespace: answer`. */
export async function wrongAnswers(
  kubectl: Kubectl,
  user: string,
  checks: readonly AccessCheck[],
  expected: boolean,
): Promise<string[]> {
  const wrong: string[] = [];
  const queue = [...checks];
  const worker = async () => {
    for (let check = queue.shift(); check !== undefined; check = queue.shift()) {
      const allowed = await isAllowed(kubectl, user, check);
      const what = check.subresource === undefined ? check.resource : `${check.resource}/${check.subresource}`;
      if (allowed !== expected)
        wrong.push(`${check.verb} ${what} -n ${check.namespace ?? '(cluster)'}: ${allowed ? 'yes' : 'no'}`);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return wrong.sort();
}

/** Waits until a Deployment has rolled out; on failure the error shows its pods and events. */
export async function waitForDeployment(kubectl: Kubectl, namespace: string, name: string): Promise<void> {
  const result = await kubectl(['rollout', 'status', `deployment/${name}`, '-n', namespace, '--timeout=240s'], {
    timeoutMs: 260_000,
  });
  if (result.code === 0) return;
  const pods = await kubectl(['get', 'pods', '-n', namespace, '-o', 'wide']);
  const events = await kubectl(['get', 'events', '-n', namespace]);
  throw new Error(
    `deployment ${namespace}/${name} did not roll out: ${result.stderr}\n${pods.stdout}${pods.stderr}\n${events.stdout}`,
  );
}
