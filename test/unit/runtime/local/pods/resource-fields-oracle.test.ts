// Differential test: which strings are resource quantities, and what a resourceFieldRef over one
// gives a container, against Kubernetes' own code (k8s.io/apimachinery's resource.Quantity and
// kubelet's conversion, test/oracles/quantity), over thousands of generated quantities and every
// divisor the API server accepts. Replay a failure with the seed it prints:
// SLUICE_ORACLE_SEED=<seed> node --test test/unit/runtime/local/pods/resource-fields-oracle.test.ts
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseQuantity, resourceFieldValue } from '../../../../../src/runtime/local/pods/resource-fields.ts';
import { buildGoProgram, goSkipReason } from '../../../../support/go-program.ts';
import { oracleSeed, seededRandom, type Random } from '../../../../oracles/random.ts';
import { runOracle } from '../../../../oracles/run-oracle.ts';

const root = path.resolve(import.meta.dirname, '../../../../..');
const caseCount = 4000;

interface Case {
  quantity: string;
  divisor: string;
  cpu: boolean;
}

interface GoAnswer {
  valid: boolean;
  value?: string;
}

const SUFFIXES = ['', '', 'm', 'n', 'u', 'k', 'M', 'G', 'T', 'Ki', 'Mi', 'Gi', 'Ti', 'e3', 'E2', 'e-2', 'e+1', 'E'];
const CPU_DIVISORS = ['1', '1m', '1000m'];
const BYTE_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const NOISE = [' ', '.', '+', '-', 'e', 'E', 'i', 'm', 'K', 'x', '0', '9', '_'];

/** Strings at the edges of the grammar, every run. */
const EDGES = [
  '',
  '+',
  '-',
  '.',
  '+.',
  '-.',
  'Mi',
  'm',
  'e3',
  '1e',
  '1E',
  '1Ei',
  '1.5.2',
  '0x10',
  ' 1',
  '1 ',
  '1e-3',
  '1e+3',
  '1.e2',
  '.5Gi',
  '01',
  '1ki',
  '1KI',
  '1mi',
  '1e3Mi',
  '1.0E-1',
];

function digits(random: Random, count: number): string {
  return Array.from({ length: count }, () => String(random.int(10))).join('');
}

function generate(random: Random): Case {
  const whole = digits(random, random.int(6));
  const fraction = random.chance(0.4) ? `.${digits(random, random.int(4))}` : '';
  let quantity = `${random.chance(0.05) ? '+' : ''}${whole || (fraction ? '' : '0')}${fraction}${random.pick(SUFFIXES)}`;
  // A few broken ones: a character dropped in, or the number left out.
  if (random.chance(0.15)) {
    const at = random.int(quantity.length + 1);
    quantity = `${quantity.slice(0, at)}${random.pick(NOISE)}${quantity.slice(at)}`;
  }
  const cpu = random.chance(0.5);
  return { quantity, divisor: random.pick(cpu ? CPU_DIVISORS : BYTE_DIVISORS), cpu };
}

/** Past 2^53 kubelet's float64 division rounds; sluice divides whole numbers exactly there. */
function withinFloat(item: Case): boolean {
  const exact = parseQuantity(item.quantity);
  if (!exact) return true;
  const scaled = (exact.numerator * (item.cpu ? 1000n : 1n)) / exact.denominator;
  return exact.numerator > 0n && scaled < 2n ** 53n;
}

const skip = goSkipReason();

describe('resource quantities and resourceFieldRef against k8s.io/apimachinery and kubelet', { skip }, () => {
  it(`reads ${caseCount} generated quantities as Kubernetes does`, () => {
    const seed = oracleSeed();
    const random = seededRandom(seed);
    const cases = [
      ...EDGES.map((quantity) => ({ quantity, divisor: '1', cpu: false })),
      ...Array.from({ length: caseCount }, () => generate(random)),
    ];
    const answers = runOracle<Case, GoAnswer>(buildGoProgram(path.join(root, 'test/oracles/quantity')), cases);
    const disagreements: string[] = [];
    let compared = 0;
    let invalid = 0;
    cases.forEach((item, index) => {
      const go = answers[index] ?? { valid: false };
      const valid = parseQuantity(item.quantity) !== undefined;
      if (valid !== go.valid) {
        disagreements.push(
          `${JSON.stringify(item.quantity)}: sluice ${valid ? 'reads' : 'refuses'} it, Kubernetes ${go.valid ? 'reads' : 'refuses'} it`,
        );
        return;
      }
      if (!valid) {
        invalid++;
        return;
      }
      if (!withinFloat(item)) return;
      const resource = item.cpu ? 'cpu' : 'memory';
      const container = { name: 'c', resources: { limits: { [resource]: item.quantity } } };
      const ours = resourceFieldValue(
        { resource: `limits.${resource}`, divisor: item.divisor },
        container,
        [container],
        { cpu: 1, memoryBytes: 1, ephemeralStorageBytes: 1 },
      );
      compared++;
      const value = 'value' in ours ? ours.value : ours.problem;
      if (value !== go.value)
        disagreements.push(`${item.quantity} / ${item.divisor} (${resource}): sluice ${value}, kubelet ${go.value}`);
    });
    assert.deepEqual(disagreements.slice(0, 20), [], `seed ${seed}`);
    // The generator must reach both sides: values compared, and strings refused.
    assert.ok(compared > caseCount / 2, `only ${compared} values compared (seed ${seed})`);
    assert.ok(invalid > caseCount / 50, `only ${invalid} invalid quantities (seed ${seed})`);
  });
});
