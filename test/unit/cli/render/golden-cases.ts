// Every golden file and how its text is rendered, so that the render tests and the docs examples
// produce them the same way.
import { renderAnalysisRun } from '../../../../src/cli/render/analysis-run.ts';
import { renderRolloutList } from '../../../../src/cli/render/rollout-list.ts';
import { renderRolloutTree } from '../../../../src/cli/render/rollout-tree.ts';
import { analysisRunDetail } from '../../../../src/view/analysis-run-detail.ts';
import type { RolloutViewInput } from '../../../../src/view/inputs.ts';
import { rolloutListRow } from '../../../../src/view/list-row.ts';
import { rolloutView } from '../../../../src/view/rollout-view.ts';
import { blueGreenSwitched } from '../../view/fixtures/bluegreen-scenarios.ts';
import { canaryAborted, canaryPromoted } from '../../view/fixtures/canary-scenarios.ts';
import { scenarios } from '../../view/fixtures/scenarios.ts';

export const goldenCases: Record<string, () => string> = {};

for (const [name, build] of Object.entries(scenarios)) {
  goldenCases[`${name}.txt`] = () => renderRolloutTree(rolloutView(build()), { color: false });
  goldenCases[`${name}.color.txt`] = () => renderRolloutTree(rolloutView(build()), { color: true });
}

const rollouts = () => Object.values(scenarios).map((build) => build().rollout);
goldenCases['list-rollouts.txt'] = () => renderRolloutList(rollouts().map(rolloutListRow));
goldenCases['list-rollouts-all-namespaces.txt'] = () => {
  const spread = rollouts().map((rollout, index) => ({
    ...rollout,
    metadata: { ...rollout.metadata, namespace: index % 2 === 0 ? 'default' : 'team-payments' },
  }));
  return renderRolloutList(spread.map(rolloutListRow), { allNamespaces: true });
};

const runs: Record<string, () => RolloutViewInput> = {
  'analysisrun-failed': canaryAborted,
  'analysisrun-running': canaryPromoted,
  'analysisrun-job': blueGreenSwitched,
};
for (const [name, build] of Object.entries(runs)) {
  const detail = () => {
    const input = build();
    const run = input.analysisRuns[0];
    if (!run) throw new Error(`scenario for ${name} has no AnalysisRun`);
    return analysisRunDetail(run, input.now);
  };
  goldenCases[`${name}.txt`] = () => renderAnalysisRun(detail(), { color: false });
  goldenCases[`${name}.color.txt`] = () => renderAnalysisRun(detail(), { color: true });
}
