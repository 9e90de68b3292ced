// RBAC: a ServiceAccount token with a narrow Role gets ForbiddenError with the API server's
// message for everything else.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ForbiddenError, UnauthorizedError } from '../../../../src/platform/kubernetes/client/errors.ts';
import { coreResources } from '../../../../src/platform/kubernetes/client/resources.ts';
import { argoResources } from '../../../../src/runtime/kubernetes/resources.ts';
import { kubectlOrThrow } from '../../../controlplane/kubectl.ts';
import { namespaceManifest, type Cluster } from './control-plane-harness.ts';

export function rbacSuite(cluster: () => Cluster): void {
  const ns = 'client-rbac';

  describe('RBAC with a narrow ServiceAccount token', () => {
    let token = '';

    before(async () => {
      const { admin, cp } = cluster();
      await admin.create(coreResources.namespaces, '', namespaceManifest(ns));
      await admin.create(coreResources.serviceAccounts, ns, { metadata: { name: 'reader' } });
      await admin.create(coreResources.roles, ns, {
        metadata: { name: 'configmap-reader' },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
      });
      await admin.create(coreResources.roleBindings, ns, {
        metadata: { name: 'reader-reads-configmaps' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'configmap-reader' },
        subjects: [{ kind: 'ServiceAccount', name: 'reader', namespace: ns }],
      });
      await admin.create(coreResources.configMaps, ns, { metadata: { name: 'visible' } });
      token = (await kubectlOrThrow(cp.kubectl, ['create', 'token', 'reader', '-n', ns])).trim();
    });

    it('allows what the Role grants', async () => {
      const reader = cluster().clientWithToken(token, 'reader');
      const got = await reader.get(coreResources.configMaps, ns, 'visible');
      assert.equal(got.metadata.name, 'visible');
    });

    it('refuses the rest with ForbiddenError and the API server message', async () => {
      const reader = cluster().clientWithToken(token, 'reader');
      await assert.rejects(
        reader.create(coreResources.configMaps, ns, { metadata: { name: 'nope' } }),
        (error: unknown) => {
          assert.ok(error instanceof ForbiddenError);
          assert.equal(error.statusCode, 403);
          assert.match(
            error.message,
            new RegExp(`User "system:serviceaccount:${ns}:reader" cannot create resource "configmaps"`),
          );
          return true;
        },
      );
      await assert.rejects(reader.list(argoResources.rollouts, { namespace: ns }), (error: unknown) => {
        assert.ok(error instanceof ForbiddenError);
        assert.match(error.message, /cannot list resource "rollouts" in API group "argoproj.io"/);
        return true;
      });
      await assert.rejects(
        reader.watch(coreResources.secrets, { namespace: ns }, () => {}),
        ForbiddenError,
      );
    });

    it('an unknown token is Unauthorized', async () => {
      const stranger = cluster().clientWithToken('not-a-token', 'stranger');
      await assert.rejects(stranger.get(coreResources.configMaps, ns, 'visible'), UnauthorizedError);
    });
  });
}
