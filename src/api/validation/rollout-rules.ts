// Argo Rollouts' rules for a Rollout spec (selector, template, limits, strategy choice, blue-green).
import type { Rollout } from '../types/rollout.ts';
import type { KnownObject } from '../types/index.ts';
import { DEFAULTS } from '../defaults.ts';
import type { Finding } from './finding.ts';
import { antiAffinityFindings, intOrPercentFindings } from './strategy-rules.ts';
import { canaryFindings } from './canary-rules.ts';
import { argumentFindings } from './canary-step-rules.ts';
import { isEmptySelector, labelSelectorFindings } from './label-selector.ts';
import { podTemplateFindings } from './pod-template-rules.ts';
import { roleMetadataFindings, selectorMatchFindings, workloadRefFindings } from './rollout-template-rules.ts';

export function rolloutFindings(object: KnownObject): Finding[] {
  if (object.kind !== 'Rollout') return [];
  const rollout = object as Rollout;
  return [...specFindings(rollout), ...strategyFindings(rollout)];
}

function specFindings(rollout: Rollout): Finding[] {
  const spec = rollout.spec;
  const findings: Finding[] = [];
  const add = (path: Finding['path'], message: string) => findings.push({ path, message });
  const selectorProblems = spec.selector ? labelSelectorFindings(spec.selector, ['spec', 'selector']) : [];
  findings.push(...selectorProblems);
  if (!spec.workloadRef) {
    const selector = spec.selector;
    if (!selector) {
      add(
        ['spec', 'selector'],
        'spec.selector is required (unless spec.workloadRef is set): add matchLabels that match the pod template labels',
      );
    } else if (isEmptySelector(selector)) {
      add(
        ['spec', 'selector'],
        'an empty selector would select every pod: add matchLabels that match the pod template labels',
      );
    } else if (selectorProblems.length === 0) {
      // As the API server, a selector that is not well formed is not matched against the labels.
      findings.push(
        ...selectorMatchFindings(selector, spec.template?.metadata?.labels ?? {}, [
          'spec',
          'template',
          'metadata',
          'labels',
        ]),
      );
    }
    findings.push(
      ...podTemplateFindings(
        spec.template,
        ['spec', 'template'],
        'replicaset',
        ' (or use spec.workloadRef to take it from a Deployment)',
      ),
    );
  } else {
    if (spec.template && (spec.template.spec || spec.template.metadata)) {
      add(
        ['spec', 'template'],
        'spec.template must be empty when spec.workloadRef is set: the pod template comes from the referenced Deployment',
      );
    }
    findings.push(...workloadRefFindings(spec.workloadRef));
  }
  findings.push(...roleMetadataFindings(rollout));
  for (const field of ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'] as const) {
    const value = spec[field];
    if (typeof value === 'number' && value < 0) add(['spec', field], `must be 0 or more, got ${value}`);
  }
  const deadline = spec.progressDeadlineSeconds ?? DEFAULTS.progressDeadlineSeconds;
  const minReady = spec.minReadySeconds ?? 0;
  if (deadline <= minReady) {
    add(['spec', 'progressDeadlineSeconds'], `must be greater than minReadySeconds (${minReady}), got ${deadline}`);
  }
  return findings;
}

function strategyFindings(rollout: Rollout): Finding[] {
  const { canary, blueGreen } = rollout.spec.strategy ?? {};
  if (!canary && !blueGreen)
    return [{ path: ['spec', 'strategy'], message: 'spec.strategy needs either canary or blueGreen' }];
  if (canary && blueGreen)
    return [
      { path: ['spec', 'strategy'], message: 'set only one of canary and blueGreen: a Rollout has one strategy' },
    ];
  if (canary) return canaryFindings(rollout);
  return blueGreenFindings(rollout);
}

function blueGreenFindings(rollout: Rollout): Finding[] {
  const blueGreen = rollout.spec.strategy.blueGreen;
  if (!blueGreen) return [];
  const base = ['spec', 'strategy', 'blueGreen'];
  const findings: Finding[] = [];
  if (blueGreen.activeService === blueGreen.previewService) {
    findings.push({
      path: [...base, 'activeService'],
      message: `activeService and previewService are both "${blueGreen.activeService}": they must be two different Services`,
    });
  }
  const revisionHistoryLimit = rollout.spec.revisionHistoryLimit ?? DEFAULTS.revisionHistoryLimit;
  if (
    blueGreen.scaleDownDelayRevisionLimit !== undefined &&
    blueGreen.scaleDownDelayRevisionLimit > revisionHistoryLimit
  ) {
    findings.push({
      path: [...base, 'scaleDownDelayRevisionLimit'],
      message: `${blueGreen.scaleDownDelayRevisionLimit} is more than spec.revisionHistoryLimit (${revisionHistoryLimit}): lower it or raise revisionHistoryLimit`,
    });
  }
  if (blueGreen.maxUnavailable !== undefined)
    findings.push(...intOrPercentFindings(blueGreen.maxUnavailable, [...base, 'maxUnavailable']));
  findings.push(...antiAffinityFindings(blueGreen.antiAffinity, [...base, 'antiAffinity']));
  for (const field of ['prePromotionAnalysis', 'postPromotionAnalysis'] as const) {
    findings.push(...argumentFindings(blueGreen[field]?.args ?? [], [...base, field, 'args']));
  }
  return findings;
}
