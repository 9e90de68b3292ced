// The controller's RBAC: exactly the permissions it needs, cluster-wide and per namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployYamlFiles, findObject, readDocuments, type Json } from './support/deploy-files.ts';
import {
  CONTROLLER_PERMISSIONS,
  FORBIDDEN,
  LEADER_ELECTION_PERMISSIONS,
  expand,
  expandRules,
} from './support/controller-permissions.ts';

const clusterRole = findObject('deploy/rbac/clusterrole.yaml', 'ClusterRole', 'sluice-controller');
const namespacedRole = findObject('deploy/namespaced/role.yaml', 'Role', 'sluice-controller');
const leaderElectionRole = findObject('deploy/rbac/leader-election.yaml', 'Role', 'sluice-controller-leader-election');

test('the ClusterRole grants exactly the controller permissions', () => {
  assert.deepEqual(expandRules(clusterRole.rules), expand(CONTROLLER_PERMISSIONS));
});

test('leader election is granted in the controller namespace only', () => {
  assert.equal(leaderElectionRole.metadata.namespace, 'sluice-system');
  assert.deepEqual(expandRules(leaderElectionRole.rules), expand(LEADER_ELECTION_PERMISSIONS));
});

test('the namespaced Role grants the namespaced controller permissions and the Lease', () => {
  const namespaced = CONTROLLER_PERMISSIONS.filter((permission) => !permission.clusterScoped);
  assert.deepEqual(expandRules(namespacedRole.rules), expand([...namespaced, ...LEADER_ELECTION_PERMISSIONS]));
  assert.equal(namespacedRole.metadata.namespace, undefined, 'the overlay sets the namespace');
});

test('no rule of any role uses a wildcard or an escalation verb', () => {
  for (const file of deployYamlFiles().filter((f) => !f.startsWith('deploy/crds/') && f !== 'deploy/install.yaml')) {
    for (const object of readDocuments(file).filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role')) {
      for (const rule of object.rules as Json[]) {
        for (const field of ['apiGroups', 'resources', 'verbs']) {
          assert.ok(Array.isArray(rule[field]) && rule[field].length > 0, `${file} ${object.metadata.name}: ${field}`);
          assert.ok(!rule[field].includes('*'), `${file} ${object.metadata.name}: wildcard in ${field}`);
        }
        assert.ok(
          !rule.verbs.some((verb: string) => ['escalate', 'bind', 'impersonate'].includes(verb)),
          `${file}: ${rule.verbs}`,
        );
      }
    }
  }
});

test('the controller permissions and the forbidden list do not overlap', () => {
  const granted = new Set(expand([...CONTROLLER_PERMISSIONS, ...LEADER_ELECTION_PERMISSIONS]));
  assert.deepEqual(
    expand(FORBIDDEN).filter((entry) => granted.has(entry)),
    [],
  );
});

test('the bindings give the roles to the sluice-controller ServiceAccount', () => {
  const account = findObject('deploy/rbac/serviceaccount.yaml', 'ServiceAccount', 'sluice-controller');
  assert.equal(account.metadata.namespace, 'sluice-system');
  const subject = { kind: 'ServiceAccount', name: 'sluice-controller', namespace: 'sluice-system' };
  const clusterBinding = findObject('deploy/rbac/clusterrolebinding.yaml', 'ClusterRoleBinding', 'sluice-controller');
  assert.deepEqual(clusterBinding.roleRef, {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'sluice-controller',
  });
  assert.deepEqual(clusterBinding.subjects, [subject]);
  const leaseBinding = findObject(
    'deploy/rbac/leader-election.yaml',
    'RoleBinding',
    'sluice-controller-leader-election',
  );
  assert.deepEqual(leaseBinding.roleRef, {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'Role',
    name: 'sluice-controller-leader-election',
  });
  assert.deepEqual(leaseBinding.subjects, [subject]);
  const namespacedBinding = findObject('deploy/namespaced/role.yaml', 'RoleBinding', 'sluice-controller');
  assert.deepEqual(namespacedBinding.roleRef, {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'Role',
    name: 'sluice-controller',
  });
  assert.deepEqual(namespacedBinding.subjects, [{ kind: 'ServiceAccount', name: 'sluice-controller' }]);
});

test('aggregated ClusterRoles extend admin, edit and view with the argoproj.io kinds', () => {
  const kinds = ['rollouts', 'experiments', 'analysistemplates', 'clusteranalysistemplates', 'analysisruns'];
  for (const [name, label, verbs] of [
    [
      'sluice-aggregate-to-admin',
      'aggregate-to-admin',
      ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    ],
    [
      'sluice-aggregate-to-edit',
      'aggregate-to-edit',
      ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    ],
    ['sluice-aggregate-to-view', 'aggregate-to-view', ['get', 'list', 'watch']],
  ] as const) {
    const role = findObject('deploy/rbac/aggregate-clusterroles.yaml', 'ClusterRole', name);
    assert.equal(role.metadata.labels[`rbac.authorization.k8s.io/${label}`], 'true');
    const granted = new Set(expandRules(role.rules));
    for (const kind of kinds)
      for (const verb of verbs) assert.ok(granted.has(`argoproj.io/${kind}:${verb}`), `${name}: ${kind} ${verb}`);
    if (name === 'sluice-aggregate-to-view') {
      assert.deepEqual(
        [...granted].filter((entry) => !/:(get|list|watch)$/.test(entry)),
        [],
        'view is read-only',
      );
    }
  }
});
