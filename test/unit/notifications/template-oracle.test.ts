// Differential test: sluice's text/template (src/notifications/template) against Go's
// text/template with Sprig's functions, as the notifications engine runs Argo Rollouts'
// templates, over generated templates and data. Parse failures, execution failures and outputs
// must agree (error messages are not compared). Replay a failure with the seed it prints:
// SLUICE_ORACLE_SEED=<seed> node --test test/unit/notifications/template-oracle.test.ts
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compileTemplate, TemplateError } from '../../../src/notifications/template/index.ts';
import { generateTemplateCase, type TemplateCase } from '../../oracles/gotemplate/generate.ts';
import { oracleSeed, seededRandom } from '../../oracles/random.ts';
import { runOracle } from '../../oracles/run-oracle.ts';
import { buildGoProgram, goSkipReason } from '../../support/go-program.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const oracleDir = path.join(root, 'test/oracles/gotemplate');
const caseCount = 3000;

interface Answer {
  phase?: string;
  error?: string;
  output?: string;
}

function sluice(item: TemplateCase): Answer {
  let template;
  try {
    template = compileTemplate('t', item.template);
  } catch (error) {
    if (error instanceof TemplateError) return { phase: 'parse', error: error.message };
    throw error;
  }
  try {
    return { output: template.execute(item.data, { now: 0 }) };
  } catch (error) {
    if (error instanceof TemplateError) return { phase: 'exec', error: error.message };
    throw error;
  }
}

const skip = goSkipReason();

describe('notification templates against Go text/template (oracle)', { skip }, () => {
  const binary = skip ? '' : buildGoProgram(oracleDir);

  it('agrees with Go on generated templates', () => {
    const seed = oracleSeed();
    console.log(`template oracle seed: ${seed} (replay with SLUICE_ORACLE_SEED=${seed})`);
    const random = seededRandom(seed);
    const cases = Array.from({ length: caseCount }, () => generateTemplateCase(random));
    const answers = runOracle<TemplateCase, Answer>(binary, cases);
    const disagreements: string[] = [];
    for (const [index, item] of cases.entries()) {
      const go = answers[index] as Answer;
      const ours = sluice(item);
      const same = go.output !== undefined ? ours.output === go.output : ours.phase === go.phase;
      if (!same && disagreements.length < 5) {
        disagreements.push(
          `template ${JSON.stringify(item.template)}\n  data ${JSON.stringify(item.data)}\n  go     ${JSON.stringify(go)}\n  sluice ${JSON.stringify(ours)}`,
        );
      }
    }
    assert.equal(disagreements.length, 0, `seed ${seed}:\n${disagreements.join('\n')}`);
  });

  it('renders Argo Rollouts catalog templates as Go does', () => {
    const data = {
      rollout: {
        metadata: { name: 'demo' },
        spec: {
          replicas: 5,
          strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
          template: {
            spec: {
              containers: [
                { name: 'app', image: 'demo:blue' },
                { name: 'side', image: 'side:1' },
              ],
            },
          },
        },
        status: { currentStepIndex: 1, updatedReplicas: 2 },
      },
    };
    const templates = [
      'Rollout {{.rollout.metadata.name}} step number {{ add .rollout.status.currentStepIndex 1}}/{{len .rollout.spec.strategy.canary.steps}} has been completed.',
      '[{"title": "{{ .rollout.metadata.name}}","fields": [{"title": "Strategy","value": "{{if .rollout.spec.strategy.blueGreen}}BlueGreen{{end}}{{if .rollout.spec.strategy.canary}}Canary{{end}}"}{{range $index, $c := .rollout.spec.template.spec.containers}}{{if not $index}},{{end}}{{if $index}},{{end}}{"title": "{{$c.name}}","value": "{{$c.image}}"}{{end}}]}]',
      "Scaling Rollout {{.rollout.metadata.name}}'s replicaset to {{.rollout.spec.replicas}}.",
    ];
    const cases = templates.map((template) => ({ template, data }));
    const answers = runOracle<TemplateCase, Answer>(binary, cases);
    for (const [index, item] of cases.entries()) assert.deepEqual(sluice(item), answers[index]);
  });
});
