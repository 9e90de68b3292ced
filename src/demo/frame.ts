// One frame of the live view: the scenario's phase and step, the weights in place, the share of
// answers per color over the last seconds (plain and with x-canary: true), failures, the analysis'
// measurements, then the `get rollout` tree (the shared view model and renderer). Pure.
import { paint } from '../cli/render/ansi.ts';
import { renderRolloutTree } from '../cli/render/rollout-tree.ts';
import { rolloutView } from '../view/rollout-view.ts';
import type { RolloutDetail } from '../runtime/local/api/rollout-details.ts';
import { colorLabel, splitBar } from './bars.ts';
import type { RolloutSnapshot } from './rollout-snapshot.ts';
import { sharesOf, type ColorCounts, type Shares } from './traffic-tally.ts';
import { RELEASES } from '../apps/colorapi/releases.ts';

export interface FrameInput {
  now: number;
  startedAt: number;
  /** `1.0 -> 2.0`, `deploy 1.0`, ... */
  phase: string;
  snapshot?: RolloutSnapshot;
  detail?: RolloutDetail;
  /** The answers of the last `windowMs`. */
  recent: Shares;
  windowMs: number;
  totalRequests: number;
  failedRequests: number;
  color: boolean;
  width?: number;
  /** Terminal rows: the tree's header block is left out when everything would not fit. */
  rows?: number;
}

const BAR_WIDTH = 30;

export function demoFrame(input: FrameInput): string {
  const { snapshot, color } = input;
  const lines = [
    `${paint('sluice demo', 'green', color)}: colorapi canary behind an Istio VirtualService, with a web analysis   ${clock(input.now - input.startedAt)}`,
    '',
  ];
  lines.push(`phase     ${input.phase}${snapshot ? `   ${stepLine(snapshot, input.now)}` : ''}`);
  if (snapshot) lines.push(weightsLine(snapshot, color));
  lines.push(trafficLine('answers', input.recent.plain, input.windowMs, color));
  lines.push(trafficLine('x-canary', input.recent.header, input.windowMs, color));
  const failed =
    input.failedRequests === 0 ? paint('0', 'green', color) : paint(String(input.failedRequests), 'red', color);
  lines.push(`failed    ${failed} of ${input.totalRequests.toLocaleString('en-US')} requests`);
  if (snapshot?.analysis) lines.push(analysisLine(snapshot, color));
  if (input.detail) {
    const { rollout, replicaSets, pods, analysisRuns } = input.detail;
    const tree = renderRolloutTree(rolloutView({ rollout, replicaSets, pods, analysisRuns, now: input.now }), {
      color,
      ...(input.width ? { width: input.width } : {}),
    });
    let treeLines = tree.replace(/\n$/, '').split('\n');
    const fits = input.rows === undefined || lines.length + 1 + treeLines.length < input.rows;
    if (!fits) treeLines = treeLines.slice(treeLines.indexOf('') + 1);
    lines.push('', ...treeLines);
  }
  return `${lines.join('\n')}\n`;
}

function stepLine(snapshot: RolloutSnapshot, now: number): string {
  const parts = [snapshot.phase];
  if (snapshot.stepIndex !== undefined && snapshot.stepCount > 0) {
    parts.push(
      snapshot.stepIndex >= snapshot.stepCount
        ? `all ${snapshot.stepCount} steps done`
        : `step ${snapshot.stepIndex + 1}/${snapshot.stepCount}: ${snapshot.step ?? ''}`,
    );
  }
  if (snapshot.pauseEndsAt !== undefined && snapshot.phase === 'Paused')
    parts.push(`${Math.max(0, Math.ceil((snapshot.pauseEndsAt - now) / 1000))}s left`);
  return parts.join(', ');
}

function colorOfVersion(version: string | undefined): string {
  return (version ? RELEASES[version]?.color : undefined) ?? 'grey';
}

function weightsLine(snapshot: RolloutSnapshot, color: boolean): string {
  const stable = colorOfVersion(snapshot.stableVersion);
  const canary = colorOfVersion(snapshot.canaryVersion);
  const canaryShare = snapshot.canaryVersion ? snapshot.canaryWeight / 100 : 0;
  const bar = splitBar(
    [
      { color: stable, share: 1 - canaryShare },
      { color: canary, share: canaryShare },
    ],
    BAR_WIDTH,
    color,
  );
  const stableText = `stable ${snapshot.stableVersion ?? '?'} ${100 - snapshot.canaryWeight}%`;
  const canaryText = snapshot.canaryVersion ? `   canary ${snapshot.canaryVersion} ${snapshot.canaryWeight}%` : '';
  const header = snapshot.headerRoutes.length > 0 ? '   + header route x-canary: true -> canary' : '';
  return `weights   ${bar}  ${stableText}${canaryText}${header}`;
}

function trafficLine(label: string, counts: ColorCounts, windowMs: number, color: boolean): string {
  const shares = sharesOf(counts);
  const bar = splitBar(
    shares.map(([name, share]) => ({ color: name, share })),
    BAR_WIDTH,
    color,
  );
  const text =
    shares.length > 0 ? shares.map(([name, share]) => colorLabel(name, share, color)).join('  ') : 'no answers yet';
  return `${label.padEnd(9)} ${bar}  ${text}   (${counts.total} in ${windowMs / 1000}s)`;
}

function analysisLine(snapshot: RolloutSnapshot, color: boolean): string {
  const run = snapshot.analysis;
  if (!run) return '';
  const marks = run.measurements.slice(-8).map((m) => {
    const glyph =
      m.phase === 'Successful'
        ? paint('✔', 'green', color)
        : m.phase === 'Failed'
          ? paint('✖', 'red', color)
          : paint('⚠', 'yellow', color);
    return `${glyph} ${m.value ?? m.phase}`;
  });
  const failed = run.measurements.filter((m) => m.phase === 'Failed').length;
  const limit = run.failureLimit !== undefined ? `, failed ${failed} (limit ${run.failureLimit})` : '';
  return `analysis  ${run.name} ${run.phase}${limit}   ${run.metric}: ${marks.join(' ') || 'no measurement yet'}`;
}

function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
