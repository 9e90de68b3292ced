// Differential test: the manifest loader's reading of merge keys (`<<: *anchor`) against
// Kubernetes' own YAML reader (sigs.k8s.io/yaml on go-yaml v2, test/oracles/yaml), over thousands
// of generated documents. Any disagreement fails. Replay a failure with the seed it prints:
// SLUICE_ORACLE_SEED=<seed> node --test test/unit/api/yaml-merge-oracle.test.ts
//
// Not compared, on purpose (docs/manifests.md): a field written twice in one mapping (Kubernetes
// keeps the last, sluice refuses it) and keys YAML 1.1 reads as booleans (sluice keeps keys as
// written); the generator writes neither.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseYamlDocuments } from '../../../src/api/manifests/yaml-documents.ts';
import { buildGoProgram, goSkipReason } from '../../support/go-program.ts';
import { generateYamlCase, type YamlCase } from '../../oracles/yaml/generate.ts';
import { oracleSeed, seededRandom } from '../../oracles/random.ts';
import { runOracle } from '../../oracles/run-oracle.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const caseCount = 3000;

interface GoAnswer {
  error?: string;
  json?: string;
}

function sluice(item: YamlCase): { error: string } | { value: unknown } {
  const { documents, issues } = parseYamlDocuments({ file: 'case.yaml', text: item.text });
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) return { error: errors.map((issue) => `${issue.line}: ${issue.message}`).join('; ') };
  return { value: documents[0]?.value ?? null };
}

const skip = goSkipReason();

describe('merge keys against sigs.k8s.io/yaml', { skip }, () => {
  it(`reads ${caseCount} generated documents as Kubernetes does`, () => {
    const seed = oracleSeed();
    const random = seededRandom(seed);
    const cases = Array.from({ length: caseCount }, () => generateYamlCase(random));
    const answers = runOracle<YamlCase, GoAnswer>(buildGoProgram(path.join(root, 'test/oracles/yaml')), cases);
    const disagreements: string[] = [];
    let merges = 0;
    let refused = 0;
    cases.forEach((item, index) => {
      const go = answers[index] ?? {};
      const ours = sluice(item);
      if (item.text.includes('<<:')) merges++;
      if (go.error !== undefined) {
        refused++;
        if (!('error' in ours))
          disagreements.push(
            `${item.text}Go: ${go.error}\nsluice: ${JSON.stringify((ours as { value: unknown }).value)}`,
          );
        return;
      }
      const expected = JSON.parse(go.json ?? 'null') as unknown;
      if ('error' in ours) disagreements.push(`${item.text}Go: ${go.json}\nsluice: ${ours.error}`);
      else if (JSON.stringify(sorted(ours.value)) !== JSON.stringify(sorted(expected)))
        disagreements.push(
          `${item.text}Go:     ${JSON.stringify(sorted(expected))}\nsluice: ${JSON.stringify(sorted(ours.value))}`,
        );
    });
    assert.ok(
      merges > caseCount / 2 && refused > 0 && refused < caseCount / 4,
      `the generator covers merges (${merges}) and refusals (${refused})`,
    );
    assert.deepEqual(
      disagreements.slice(0, 5),
      [],
      `seed ${seed}: ${disagreements.length} of ${caseCount} documents read differently`,
    );
  });
});

/** The value with every mapping's keys in order (JSON objects have no order). */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
  );
}
