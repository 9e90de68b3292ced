// The deliberate differences between sluice's condition language and expr-lang, each with
// its reason (docs/expressions.md lists them too). A disagreement the oracle test finds is
// forgiven only when one of these explains it.
import type { OracleCase } from './oracle-generator.ts';
import type { Outcome } from './oracle-run.ts';

export interface DeliberateDifference {
  name: string;
  reason: string;
  applies(c: OracleCase, argo: Outcome, sluice: Outcome): boolean;
}

export const deliberateDifferences: DeliberateDifference[] = [];

export function deliberateDifference(c: OracleCase, argo: Outcome, sluice: Outcome): DeliberateDifference | undefined {
  return deliberateDifferences.find((difference) => difference.applies(c, argo, sluice));
}
