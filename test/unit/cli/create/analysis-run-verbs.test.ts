// The objects `create analysisrun` and `terminate analysisrun` write, as Argo's plugin writes them
// (pkg/kubectl-argo-rollouts/cmd/create and cmd/terminate, utils/analysis NewAnalysisRunFromUnstructured),
// and the words and flags they read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { creatableObjects, parseCreateRequest, templateFromText } from '../../../../src/cli/create/command.ts';
import { analysisRunFromTemplate, parseArguments } from '../../../../src/cli/create/run-from-template.ts';
import { spec as createSpec } from '../../../../src/cli/create/spec.ts';
import { parseCommandLine } from '../../../../src/cli/shared/command-line.ts';
import { TERMINATE_PATCH } from '../../../../src/cli/target/cluster-target.ts';
import { spec as getSpec } from '../../../../src/cli/get/spec.ts';
import { spec as listSpec } from '../../../../src/cli/list/spec.ts';
import { spec as retrySpec } from '../../../../src/cli/retry/spec.ts';
import { spec as terminateSpec } from '../../../../src/cli/terminate/spec.ts';

/** An AnalysisTemplate as a cluster hands it back: server fields included. */
function template(args?: unknown[]): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: {
      name: 'success-rate',
      namespace: 'team',
      uid: 'u-1',
      resourceVersion: '812',
      generation: 3,
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl' }],
      labels: { team: 'web' },
      annotations: { note: 'kept' },
    },
    spec: {
      ...(args ? { args } : {}),
      metrics: [
        { name: 'rate', provider: { web: { url: 'http://x/{{args.service}}' } }, successCondition: 'result > 0' },
      ],
      dryRun: [{ metricName: 'rate' }],
    },
  };
}

describe('create analysisrun: the run built from a template', () => {
  it('is the template with kind AnalysisRun, generateName "<template>-", the target namespace and the merged args', () => {
    const { run, ignored } = analysisRunFromTemplate(template([{ name: 'service' }, { name: 'port', value: '80' }]), {
      namespace: 'prod',
      arguments: ['service=web', 'port=8080'],
    });
    assert.deepEqual(run, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisRun',
      metadata: {
        generateName: 'success-rate-',
        namespace: 'prod',
        labels: { team: 'web' },
        annotations: { note: 'kept' },
      },
      spec: {
        args: [
          { name: 'service', value: 'web' },
          { name: 'port', value: '8080' },
        ],
        metrics: [
          { name: 'rate', provider: { web: { url: 'http://x/{{args.service}}' } }, successCondition: 'result > 0' },
        ],
        dryRun: [{ metricName: 'rate' }],
      },
    });
    assert.deepEqual(ignored, []);
  });

  it('uses --name, else --generate-name', () => {
    const named = analysisRunFromTemplate(template(), { namespace: 'prod', arguments: [], name: 'check-1' }).run
      .metadata;
    assert.deepEqual([named.name, named.generateName], ['check-1', undefined]);
    const generated = analysisRunFromTemplate(template(), {
      namespace: 'prod',
      arguments: [],
      generateName: 'nightly-',
    }).run.metadata;
    assert.deepEqual([generated.name, generated.generateName], [undefined, 'nightly-']);
  });

  it('refuses a template without a name when neither --name nor --generate-name is given (Argo: "name is invalid")', () => {
    const nameless = template();
    delete (nameless['metadata'] as Record<string, unknown>)['name'];
    assert.throws(
      () => analysisRunFromTemplate(nameless, { namespace: 'prod', arguments: [] }),
      /no metadata\.name .*--name or --generate-name/,
    );
  });

  it("--instance-id labels the run with the controller instance id, replacing the template's labels as Argo does", () => {
    const { run } = analysisRunFromTemplate(template(), { namespace: 'prod', arguments: [], instanceId: 'blue' });
    assert.deepEqual(run.metadata.labels, { 'argo-rollouts.argoproj.io/controller-instance-id': 'blue' });
  });

  it("without args in the template, the given ones are the run's args", () => {
    const { run } = analysisRunFromTemplate(template(), { namespace: 'prod', arguments: ['a=1', 'b=x=y'] });
    assert.deepEqual(run.spec.args, [
      { name: 'a', value: '1' },
      { name: 'b', value: 'x=y' },
    ]);
    assert.equal(analysisRunFromTemplate(template(), { namespace: 'prod', arguments: [] }).run.spec.args, undefined);
  });

  it("keeps an argument's valueFrom, and reports given names the template does not declare", () => {
    const secret = { name: 'token', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } };
    const { run, ignored } = analysisRunFromTemplate(template([secret]), { namespace: 'prod', arguments: ['typo=1'] });
    assert.deepEqual(run.spec.args, [secret]);
    assert.deepEqual(ignored, ['typo']);
  });

  it('names every argument left without a value (Argo: "args.X was not resolved")', () => {
    assert.throws(
      () =>
        analysisRunFromTemplate(template([{ name: 'service' }, { name: 'port' }]), {
          namespace: 'prod',
          arguments: [],
        }),
      {
        message: "the template's arguments service, port have no value: give -a service=VALUE -a port=VALUE",
      },
    );
  });

  it('does not change the template it was given', () => {
    const given = template([{ name: 'service' }]);
    const before = structuredClone(given);
    analysisRunFromTemplate(given, { namespace: 'prod', arguments: ['service=web'] });
    assert.deepEqual(given, before);
  });

  it('reads -a NAME=VALUE and refuses anything else', () => {
    assert.deepEqual(parseArguments(['x=', 'y=1=2']), [
      { name: 'x', value: '' },
      { name: 'y', value: '1=2' },
    ]);
    assert.throws(() => parseArguments(['novalue']), /-a "novalue": arguments must be in the form NAME=VALUE/);
    assert.throws(() => parseArguments(['=v']), /NAME=VALUE/);
  });
});

describe('create analysisrun: words and flags', () => {
  const parse = (...args: string[]) => {
    const line = () => parseCommandLine(createSpec, args);
    return { parsed: line().flags, request: () => parseCreateRequest(line()) };
  };

  it('keeps every -a/--argument in order', () => {
    const { parsed, request } = parse('analysisrun', '--from', 't', '-a', 'x=1', '--argument', 'y=2', '-a=z=3');
    assert.deepEqual(parsed.values.get('argument'), ['x=1', 'y=2', 'z=3']);
    assert.deepEqual(request(), { from: 't', fromFile: undefined });
  });

  it('accepts the aliases ar and analysisruns', () => {
    assert.deepEqual(parse('ar', '--from-file', 'f.yaml').request(), { from: undefined, fromFile: 'f.yaml' });
    assert.deepEqual(parse('analysisruns', '--from', 't').request(), { from: 't', fromFile: undefined });
  });

  it('needs exactly one of --from and --from-file, not both --name and --generate-name, and well-formed -a', () => {
    assert.throws(() => parse('analysisrun').request(), /give one of --from NAME or --from-file FILE/);
    assert.throws(
      () => parse('analysisrun', '--from', 't', '--from-file', 'f').request(),
      /give one of --from NAME or --from-file FILE/,
    );
    assert.throws(
      () => parse('analysisrun', '--from', 't', '--name', 'a', '--generate-name', 'b-').request(),
      /--name or --generate-name, not both/,
    );
    assert.throws(() => parse('analysisrun', '--from', 't', '-a', 'bad').request(), /NAME=VALUE/);
    assert.throws(
      () => parse('rollout', '--from', 't').request(),
      /or sluice create analysisrun .*\("rollout" is not one of them\)/,
    );
  });

  it('reads the one template of a YAML or JSON file', () => {
    const yaml =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: argoproj.io/v1alpha1\nkind: ClusterAnalysisTemplate\nmetadata: {name: t}\nspec: {metrics: []}\n';
    assert.equal((templateFromText('a.yaml', yaml)['metadata'] as { name: string }).name, 't');
    assert.equal(
      templateFromText('a.json', '{"kind": "AnalysisTemplate", "metadata": {"name": "j"}}')['kind'],
      'AnalysisTemplate',
    );
    assert.throws(
      () => templateFromText('a.yaml', 'kind: ConfigMap\n'),
      /a\.yaml holds no AnalysisTemplate or ClusterAnalysisTemplate/,
    );
    assert.throws(
      () =>
        templateFromText(
          'a.yaml',
          'kind: AnalysisTemplate\nmetadata: {name: a}\n---\nkind: AnalysisTemplate\nmetadata: {name: b}\n',
        ),
      /holds 2 templates \(a, b\)/,
    );
    assert.throws(() => templateFromText('a.yaml', 'kind: [\n'), /a\.yaml is not valid YAML/);
  });
});

describe('create -f', () => {
  const parse = (...args: string[]) => {
    return parseCreateRequest(parseCommandLine(createSpec, args));
  };

  it('reads every -f, and -w for one file', () => {
    assert.deepEqual(parse('-f', 'a.yaml', '-f', 'b.yaml'), { files: ['a.yaml', 'b.yaml'], watch: false });
    assert.deepEqual(parse('-f', 'a.yaml', '-w'), { files: ['a.yaml'], watch: true });
    assert.throws(() => parse('-f', 'a.yaml', '-f', 'b.yaml', '-w'), /-w watches one resource/);
    assert.throws(
      () => parse(),
      /write sluice create -f FILE\.\.\. \[-w\], or sluice create analysisrun --from NAME\|--from-file FILE/,
    );
    assert.throws(() => parse('-f', 'a.yaml', '--from', 't'), /--from belongs to sluice create analysisrun/);
    assert.throws(
      () => parse('analysisrun', '-f', 'a.yaml'),
      /-f belongs to sluice create, not to sluice create analysisrun/,
    );
  });

  it('takes the namespace an object names, else -n; none for a ClusterAnalysisTemplate', () => {
    const text =
      'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: a, namespace: team}\n---\napiVersion: argoproj.io/v1alpha1\nkind: AnalysisRun\nmetadata: {generateName: r-}\n---\napiVersion: argoproj.io/v1alpha1\nkind: ClusterAnalysisTemplate\nmetadata: {name: c, namespace: x}\n';
    assert.deepEqual(
      creatableObjects('f.yaml', text, 'prod').map(({ object }) => [object.kind, object.metadata]),
      [
        ['Rollout', { name: 'a', namespace: 'team' }],
        ['AnalysisRun', { generateName: 'r-', namespace: 'prod' }],
        ['ClusterAnalysisTemplate', { name: 'c' }],
      ],
    );
  });

  it("takes Experiments (as Argo's plugin), in the namespace of -n unless they name one", () => {
    const text = 'apiVersion: argoproj.io/v1alpha1\nkind: Experiment\nmetadata: {name: e}\nspec: {templates: []}\n';
    assert.deepEqual(
      creatableObjects('e.yaml', text, 'ns').map(({ object }) => [object.kind, object.metadata, object['spec']]),
      [['Experiment', { name: 'e', namespace: 'ns' }, { templates: [] }]],
    );
  });

  it('takes v1 ConfigMaps and Secrets (what pods read), in the namespace of -n unless they name one', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: "1"}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: team}\nstringData: {t: x}\n';
    assert.deepEqual(
      creatableObjects('c.yaml', text, 'ns').map(({ object }) => [object.kind, object.metadata]),
      [
        ['ConfigMap', { name: 'c', namespace: 'ns' }],
        ['Secret', { name: 's', namespace: 'team' }],
      ],
    );
  });

  it('takes v1 Services and apps/v1 Deployments, as kubectl create', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: team}\nspec: {}\n';
    assert.deepEqual(
      creatableObjects('w.yaml', text, 'ns').map(({ object }) => [object.kind, object.metadata]),
      [
        ['Service', { name: 'web', namespace: 'ns' }],
        ['Deployment', { name: 'web', namespace: 'team' }],
      ],
    );
    assert.throws(
      () => creatableObjects('d.yaml', 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\n', 'ns'),
      /not extensions\/Deployment/,
    );
  });

  it('refuses other kinds, naming the file', () => {
    assert.throws(
      () => creatableObjects('j.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n', 'ns'),
      /^CliError: j\.yaml: create -f makes Rollouts, .*, ConfigMaps, Secrets, Services and apps\/v1 Deployments, not batch\/Job: use sluice apply -f locally or kubectl create -f on a cluster$/,
    );
    assert.throws(
      () => creatableObjects('c.yaml', 'apiVersion: example.com/v1\nkind: ConfigMap\nmetadata: {name: c}\n', 'ns'),
      /not example\.com\/ConfigMap/,
    );
  });
});

describe('terminate analysisrun', () => {
  it('sends Argo\'s merge patch {"spec":{"terminate":true}}', () => {
    assert.equal(JSON.stringify(TERMINATE_PATCH), '{"spec":{"terminate":true}}');
  });

  it('takes one run name or more, under analysisrun, ar or analysisruns', () => {
    const words = (...args: string[]) => parseCommandLine(terminateSpec, args).words;
    assert.deepEqual(words('analysisrun', 'a', 'b'), ['a', 'b']);
    assert.deepEqual(words('ar', 'a'), ['a']);
    assert.throws(() => words('analysisrun'), /write sluice terminate analysisrun NAME/);
  });

  it('takes experiment names under experiment, experiments or exp (terminate, get, retry, list)', () => {
    assert.deepEqual(parseCommandLine(terminateSpec, ['experiment', 'a', 'b']).words, ['a', 'b']);
    assert.deepEqual(parseCommandLine(getSpec, ['exp', 'e']).words, ['e']);
    assert.deepEqual(parseCommandLine(retrySpec, ['experiments', 'e']).words, ['e']);
    assert.deepEqual(parseCommandLine(listSpec, ['experiments']).words, []);
  });
});
