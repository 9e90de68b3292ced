// `get experiment`: the header block, then the tree of the Experiment, its ReplicaSets and pods,
// its AnalysisRuns and Jobs, laid out as `kubectl argo rollouts get experiment` prints them.
import type { ExperimentTreeView } from '../../view/experiment-tree.ts';
import { alignColumns } from './columns.ts';
import { finish, labelled, statusText, type RenderOptions } from './layout.ts';
import { experimentRows, imageText } from './rollout-tree.ts';

export function renderExperimentTree(view: ExperimentTreeView, options: RenderOptions): string {
  const { experiment } = view;
  const lines = [
    labelled('Name:', experiment.name),
    labelled('Namespace:', experiment.namespace ?? ''),
    labelled('Status:', statusText(experiment.status, options.color)),
  ];
  if (view.message) lines.push(labelled('Message:', view.message));
  view.images.forEach((image, index) =>
    lines.push(labelled(index === 0 ? 'Images:' : '', imageText(image, options.color))),
  );
  const rows: string[][] = [['NAME', 'KIND', 'STATUS', 'AGE', 'INFO']];
  experimentRows(rows, experiment, '', '', options.color);
  lines.push('', ...alignColumns(rows));
  return finish(lines, options);
}
