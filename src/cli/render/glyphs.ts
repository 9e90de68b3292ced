// The terminal's glyphs and colours for the view model's status kinds, roles and object kinds,
// as `kubectl argo rollouts` draws them.
import type { RoleTag, StatusKind } from '../../view/model.ts';
import type { Colour } from './ansi.ts';

const statusGlyphs: Record<StatusKind, string> = {
  success: '✔',
  failure: '✖',
  progressing: '◌',
  warning: '⚠',
  unknown: '?',
  waiting: '◷',
  paused: '॥',
  neutral: '•',
  none: ' ',
};

const statusColours: Partial<Record<StatusKind, Colour>> = {
  success: 'green',
  failure: 'red',
  progressing: 'hiBlue',
  warning: 'red',
  unknown: 'yellow',
  waiting: 'yellow',
};

const tagColours: Record<RoleTag, Colour> = {
  stable: 'green',
  active: 'green',
  canary: 'yellow',
  preview: 'hiBlue',
  ping: 'hiBlue',
  pong: 'hiBlue',
};

export const objectIcons = {
  Rollout: '⟳',
  Revision: '#',
  ReplicaSet: '⧉',
  Pod: '□',
  Job: '⊞',
  Experiment: 'Σ',
  AnalysisRun: 'α',
} as const;

export function statusGlyph(kind: StatusKind): string {
  return statusGlyphs[kind];
}

export function statusColour(kind: StatusKind): Colour | undefined {
  return statusColours[kind];
}

export function tagColour(tag: RoleTag): Colour {
  return tagColours[tag];
}

/** Names of analysis runs, jobs and experiments stand out while they are still going. */
export function nameColourForPhase(phase: string): Colour | undefined {
  return phase === 'Pending' || phase === 'Running' ? 'hiBlue' : undefined;
}
