// Conditions whose verdict sluice once gave differently from Argo Rollouts, each with the verdict
// Argo gives (expr-lang v1.17.7 under Argo v1.10.1's EvalCondition). argo-verdicts.test.ts runs
// them through sluice's analysis evaluator; oracle.test.ts checks each verdict against Argo's own.

export type Verdict = 'Successful' | 'Failed' | 'Error';

export interface VerdictRow {
  /** What used to differ. */
  why: string;
  condition: string;
  result: unknown;
  verdict: Verdict;
}

export const argoVerdicts: VerdictRow[] = [
  // `==` does not chain: `a >= b == true` is `(a >= b) == true`.
  { why: '== does not chain', condition: 'result >= 0.95 == true', result: 0.97, verdict: 'Successful' },
  { why: '== does not chain', condition: 'result >= 0.95 == true', result: 0.9, verdict: 'Failed' },
  { why: '== does not chain', condition: 'result < 1 != false', result: 0.5, verdict: 'Successful' },
  { why: '< still chains', condition: '0.9 < result < 1', result: 0.97, verdict: 'Successful' },
  // expr-lang's type checker knows result's type: mismatches are compile errors.
  { why: 'type checker: string against a number', condition: 'result == "high"', result: 0.97, verdict: 'Error' },
  { why: 'type checker: string against a number', condition: 'result != "down"', result: 0.97, verdict: 'Error' },
  {
    why: 'type checker: int index of a map',
    condition: 'len(result) == 0 || result[0] >= 0.95',
    result: {},
    verdict: 'Error',
  },
  { why: 'type checker: bool against a string', condition: "result == 'true'", result: true, verdict: 'Error' },
  {
    why: 'type checker: nil result compared',
    condition: 'isNil(result) || result < 0.05',
    result: null,
    verdict: 'Error',
  },
  { why: 'type checker: field of a number', condition: 'result.status == "ok"', result: 0.5, verdict: 'Error' },
  {
    why: 'type checker: unknown field types pass',
    condition: 'result.status == "ok"',
    result: { status: 'ok' },
    verdict: 'Successful',
  },
  {
    why: 'type checker: untaken branch still checked',
    condition: 'true || result + "x" == "y"',
    result: 1,
    verdict: 'Error',
  },
  // Deep equality as runtime.Equal.
  { why: 'arrays compare element by element', condition: 'result == [1, 2]', result: [1, 2], verdict: 'Successful' },
  {
    why: 'arrays compare element by element',
    condition: 'result == [1, 2.5]',
    result: [1, 2.5],
    verdict: 'Successful',
  },
  { why: 'maps compare with DeepEqual', condition: 'result == {"a": 1}', result: { a: 1 }, verdict: 'Failed' },
  // Strings.
  { why: 'len counts runes', condition: 'len("héllo") == 5', result: null, verdict: 'Successful' },
  { why: 'len counts runes', condition: 'len(result) == 5', result: 'héllo', verdict: 'Successful' },
  { why: 'a missing field matches nothing', condition: 'result.status matches "ok"', result: {}, verdict: 'Failed' },
  { why: 'a missing field contains nothing', condition: 'result.status contains "ok"', result: {}, verdict: 'Failed' },
  {
    why: 'a missing field starts with nothing',
    condition: 'not (result.status startsWith "ok")',
    result: {},
    verdict: 'Successful',
  },
  // Builtins of expr-lang v1.17.7 that were missing.
  { why: 'now and date', condition: 'now() > date("2020-01-01")', result: null, verdict: 'Successful' },
  { why: 'duration', condition: 'duration("1h30m") > duration("90m")', result: null, verdict: 'Failed' },
  {
    why: 'date arithmetic',
    condition: 'date("2024-01-02T03:00:00Z") - date("2024-01-02") == duration("3h")',
    result: null,
    verdict: 'Successful',
  },
  { why: 'toJSON', condition: 'toJSON(result) == "{\\n  \\"a\\": 1\\n}"', result: { a: 1 }, verdict: 'Successful' },
  { why: 'fromJSON', condition: 'fromJSON(result).ok', result: '{"ok": true}', verdict: 'Successful' },
  {
    why: 'sort and reverse',
    condition: 'sort(result)[0] == 1 && reverse(result)[0] == 3',
    result: [2, 1, 3],
    verdict: 'Successful',
  },
  {
    why: 'concat, flatten, uniq',
    condition: 'len(uniq(flatten(concat(result, [[1.0]])))) == 2',
    result: [[1], [2]],
    verdict: 'Successful',
  },
  {
    why: 'toPairs / fromPairs',
    condition: 'fromPairs(toPairs(result)).a == 1',
    result: { a: 1 },
    verdict: 'Successful',
  },
  { why: 'base64', condition: 'fromBase64(toBase64(result)) == result', result: 'héllo', verdict: 'Successful' },
  // Folding and optimizer rewrites decide before running.
  { why: 'constant folding', condition: 'result.x > 1 || 0 == 0', result: {}, verdict: 'Successful' },
  { why: 'isNaN of an int value', condition: 'isNaN(len(result))', result: [1], verdict: 'Error' },
  { why: 'isNaN of an int literal', condition: 'isNaN(1)', result: null, verdict: 'Failed' },
  {
    why: 'findIndex gives nil when nothing matches',
    condition: 'findIndex(result, # > 2) == nil',
    result: [1],
    verdict: 'Successful',
  },
];
