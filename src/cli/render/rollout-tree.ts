// `get rollout`: the header block, then the tree of revisions, ReplicaSets, pods, experiments,
// AnalysisRuns and Jobs, laid out as `kubectl argo rollouts get rollout` prints them.
import type {
  AnalysisRunView,
  ExperimentView,
  ImageView,
  JobView,
  ReplicaSetView,
  RevisionView,
  RolloutView,
} from '../../view/model.ts';
import { paint } from './ansi.ts';
import { finish, labelled, statusText, type RenderOptions } from './layout.ts';
import { alignColumns } from './columns.ts';
import { nameColourForPhase, objectIcons, tagColour } from './glyphs.ts';
import { eachBranch } from './tree.ts';
import { analysisCountsText } from './analysis-counts.ts';

export type { RenderOptions } from './layout.ts';

export function renderRolloutTree(view: RolloutView, options: RenderOptions): string {
  const lines = [...headerLines(view, options.color), '', ...treeLines(view, options.color)];
  return finish(lines, options);
}

function headerLines(view: RolloutView, color: boolean): string[] {
  const lines = [
    labelled('Name:', view.name),
    labelled('Namespace:', view.namespace ?? ''),
    labelled('Status:', statusText(view.status, color)),
  ];
  if (view.message) lines.push(labelled('Message:', view.message));
  lines.push(labelled('Strategy:', view.strategy));
  if (view.strategy === 'Canary') {
    lines.push(labelled('  Step:', view.step ?? ''));
    lines.push(labelled('  SetWeight:', String(view.setWeight ?? '')));
    lines.push(labelled('  ActualWeight:', String(view.actualWeight ?? '')));
  }
  view.images.forEach((image, index) => lines.push(labelled(index === 0 ? 'Images:' : '', imageText(image, color))));
  lines.push('Replicas:');
  const { desired, current, updated, ready, available } = view.replicas;
  lines.push(
    labelled('  Desired:', String(desired)),
    labelled('  Current:', String(current)),
    labelled('  Updated:', String(updated)),
  );
  lines.push(labelled('  Ready:', String(ready)), labelled('  Available:', String(available)));
  return lines;
}

export function imageText(image: ImageView, color: boolean): string {
  const tags = [
    ...image.tags.map((tag) => paint(tag, tagColour(tag), color)),
    ...image.experimentTemplates.map((template) => `Σ:${template}`),
  ];
  return tags.length > 0 ? `${image.image} (${tags.join(', ')})` : image.image;
}

function treeLines(view: RolloutView, color: boolean): string[] {
  const rows: string[][] = [['NAME', 'KIND', 'STATUS', 'AGE', 'INFO']];
  rows.push([`${objectIcons.Rollout} ${view.name}`, 'Rollout', statusText(view.status, color), view.age, '']);
  eachBranch(view.revisions, '', (revision, { prefix, indent }) => revisionRows(rows, revision, prefix, indent, color));
  return alignColumns(rows);
}

type Child =
  | { kind: 'rs'; rs: ReplicaSetView }
  | { kind: 'experiment'; experiment: ExperimentView }
  | { kind: 'run'; run: AnalysisRunView };

function revisionRows(rows: string[][], revision: RevisionView, prefix: string, indent: string, color: boolean): void {
  rows.push([`${prefix}${objectIcons.Revision} revision:${revision.revision}`, '', '', '', '']);
  const children: Child[] = [
    ...revision.replicaSets.map((rs): Child => ({ kind: 'rs', rs })),
    ...revision.experiments.map((experiment): Child => ({ kind: 'experiment', experiment })),
    ...revision.analysisRuns.map((run): Child => ({ kind: 'run', run })),
  ];
  eachBranch(children, indent, (child, branch) => {
    if (child.kind === 'rs') replicaSetRows(rows, child.rs, branch.prefix, branch.indent, color);
    else if (child.kind === 'experiment') experimentRows(rows, child.experiment, branch.prefix, branch.indent, color);
    else analysisRunRows(rows, child.run, branch.prefix, branch.indent, color);
  });
}

function replicaSetRows(rows: string[][], rs: ReplicaSetView, prefix: string, indent: string, color: boolean): void {
  const firstTag = rs.tags[0];
  const name = paint(rs.name, firstTag ? tagColour(firstTag) : undefined, color);
  const info = [
    ...rs.tags.map((tag) => paint(tag, tagColour(tag), color)),
    ...(rs.scaleDownDelay !== undefined ? [`delay:${rs.scaleDownDelay}`] : []),
  ];
  rows.push([
    `${prefix}${objectIcons.ReplicaSet} ${name}`,
    'ReplicaSet',
    statusText(rs.status, color),
    rs.age,
    info.join(','),
  ]);
  eachBranch(rs.pods, indent, (pod, branch) => {
    rows.push([
      `${branch.prefix}${objectIcons.Pod} ${pod.name}`,
      'Pod',
      statusText(pod.status, color),
      pod.age,
      pod.info.join(','),
    ]);
  });
}

export function experimentRows(
  rows: string[][],
  experiment: ExperimentView,
  prefix: string,
  indent: string,
  color: boolean,
): void {
  const name = paint(experiment.name, nameColourForPhase(experiment.status.text), color);
  rows.push([
    `${prefix}${objectIcons.Experiment} ${name}`,
    'Experiment',
    statusText(experiment.status, color),
    experiment.age,
    '',
  ]);
  const children: Child[] = [
    ...experiment.replicaSets.map((rs): Child => ({ kind: 'rs', rs })),
    ...experiment.analysisRuns.map((run): Child => ({ kind: 'run', run })),
  ];
  eachBranch(children, indent, (child, branch) => {
    if (child.kind === 'rs') replicaSetRows(rows, child.rs, branch.prefix, branch.indent, color);
    else if (child.kind === 'run') analysisRunRows(rows, child.run, branch.prefix, branch.indent, color);
  });
}

function analysisRunRows(rows: string[][], run: AnalysisRunView, prefix: string, indent: string, color: boolean): void {
  const name = paint(run.name, nameColourForPhase(run.status.text), color);
  rows.push([
    `${prefix}${objectIcons.AnalysisRun} ${name}`,
    'AnalysisRun',
    statusText(run.status, color),
    run.age,
    analysisCountsText(run.counts, color),
  ]);
  eachBranch(run.jobs, indent, (job, branch) => jobRow(rows, job, branch.prefix, color));
}

function jobRow(rows: string[][], job: JobView, prefix: string, color: boolean): void {
  const name = paint(job.name, nameColourForPhase(job.status.text), color);
  rows.push([`${prefix}${objectIcons.Job} ${name}`, 'Job', statusText(job.status, color), job.age, '']);
}
