// Argo Rollouts' rules for spec.strategy.canary.steps.
import type { CanaryStep, Rollout, StringMatch } from '../types/rollout.ts';
import type { AnalysisRunArgument } from '../types/rollout-analysis.ts';
import { DurationError, parseGoDuration, pauseDurationSeconds } from '../duration.ts';
import { maxTrafficWeightOf } from '../defaults.ts';
import type { PathSegment } from '../manifests/field-path.ts';
import { warning, type Finding } from './finding.ts';

const STEP_ACTIONS = [
  'setWeight',
  'pause',
  'experiment',
  'analysis',
  'setCanaryScale',
  'setHeaderRoute',
  'setMirrorRoute',
  'plugin',
] as const;
/** Argo allows combining the route and scale actions with others, but not these with each other. */
const EXCLUSIVE_ACTIONS = ['setWeight', 'pause', 'experiment', 'analysis'] as const;

/** The router plugin that has no header routes (its setHeaderRoute does nothing): Argo's OpenShift plugin. */
const OPENSHIFT_PLUGIN = 'argoproj-labs/openshift';

/** The configured plugins that may carry header routes. */
function headerRoutePlugins(plugins: Record<string, unknown> | undefined): string[] {
  return Object.keys(plugins ?? {}).filter((name) => name !== OPENSHIFT_PLUGIN);
}

export function canaryStepFindings(rollout: Rollout): Finding[] {
  const steps = rollout.spec.strategy.canary?.steps ?? [];
  return steps.flatMap((step, index) => stepFindings(rollout, step, ['spec', 'strategy', 'canary', 'steps', index]));
}

function stepFindings(rollout: Rollout, step: CanaryStep, path: PathSegment[]): Finding[] {
  const canary = rollout.spec.strategy.canary;
  const routing = canary?.trafficRouting;
  const findings: Finding[] = [];
  const add = (at: PathSegment[], message: string) => findings.push({ path: at, message });

  const present = STEP_ACTIONS.filter((action) => step[action] !== undefined && step[action] !== null);
  if (present.length === 0) add(path, `a step must do something: set one of ${STEP_ACTIONS.join(', ')}`);
  const exclusive = EXCLUSIVE_ACTIONS.filter((action) => step[action] !== undefined && step[action] !== null);
  if (exclusive.length > 1)
    add(path, `a step does one thing, this one has ${exclusive.join(' and ')}: split it into separate steps`);

  if (step.setWeight !== undefined) {
    const max = maxTrafficWeightOf(rollout);
    if (step.setWeight < 0 || step.setWeight > max)
      add([...path, 'setWeight'], `must be between 0 and ${max}, got ${step.setWeight}`);
  }
  if (step.pause?.duration !== undefined) {
    try {
      pauseDurationSeconds(step.pause.duration);
    } catch (error) {
      if (!(error instanceof DurationError)) throw error;
      add([...path, 'pause', 'duration'], `${error.message}; leave duration out to pause until promoted`);
    }
  }
  if (step.setCanaryScale && !routing) {
    add(
      [...path, 'setCanaryScale'],
      'setCanaryScale needs spec.strategy.canary.trafficRouting: without a router, the canary weight is its share of pods',
    );
  }
  if (
    step.setCanaryScale?.weight !== undefined &&
    (step.setCanaryScale.weight < 0 || step.setCanaryScale.weight > 100)
  ) {
    add([...path, 'setCanaryScale', 'weight'], `must be between 0 and 100, got ${step.setCanaryScale.weight}`);
  }
  if (step.setHeaderRoute) {
    if (
      !routing ||
      (!routing.istio &&
        !routing.alb &&
        !routing.apisix &&
        !routing.nginx &&
        headerRoutePlugins(routing.plugins).length === 0)
    ) {
      const openshift = routing?.plugins?.[OPENSHIFT_PLUGIN] !== undefined;
      add(
        [...path, 'setHeaderRoute'],
        openshift
          ? `setHeaderRoute needs a traffic router that supports header routes: OpenShift Routes (${OPENSHIFT_PLUGIN}) have none; add istio, alb, apisix, nginx or another plugin, or remove the step`
          : 'setHeaderRoute needs a traffic router that supports header routes (istio, alb, apisix, nginx or a plugin)',
      );
    } else {
      // sluice writes a header route as the canary-by-header annotations of the NGINX canary Ingress: one header each.
      if (routing.nginx && (step.setHeaderRoute.match ?? []).length > 1)
        add(
          [...path, 'setHeaderRoute', 'match'],
          `the nginx router matches one header per route (a canary Ingress has one canary-by-header), found ${step.setHeaderRoute.match?.length}: keep one match`,
        );
      (step.setHeaderRoute.match ?? []).forEach((match, index) => {
        findings.push(
          ...stringMatchFindings(
            match.headerValue,
            [...path, 'setHeaderRoute', 'match', index, 'headerValue'],
            routing.alb !== undefined,
          ),
        );
      });
    }
  }
  if (step.setMirrorRoute) {
    if (!routing?.istio) add([...path, 'setMirrorRoute'], 'setMirrorRoute needs the istio traffic router');
    (step.setMirrorRoute.match ?? []).forEach((match, index) => {
      const at = [...path, 'setMirrorRoute', 'match', index];
      if (match.method) findings.push(...stringMatchFindings(match.method, [...at, 'method'], false));
      if (match.path) findings.push(...stringMatchFindings(match.path, [...at, 'path'], false));
      for (const [header, value] of Object.entries(match.headers ?? {}))
        findings.push(...stringMatchFindings(value, [...at, 'headers', header], false));
    });
    const percentage = step.setMirrorRoute.percentage;
    if (percentage !== undefined && (percentage < 0 || percentage > 100)) {
      add([...path, 'setMirrorRoute', 'percentage'], `must be between 0 and 100, got ${percentage}`);
    }
  }
  if (routing && (step.setHeaderRoute || step.setMirrorRoute)) {
    const managed = (routing.managedRoutes ?? []).map((route) => route.name);
    const action = step.setHeaderRoute ? 'setHeaderRoute' : 'setMirrorRoute';
    const name = step.setHeaderRoute?.name ?? step.setMirrorRoute?.name;
    if (!routing.managedRoutes) {
      add(
        [...path, action],
        `${action} needs spec.strategy.canary.trafficRouting.managedRoutes listing the route "${name ?? ''}"`,
      );
    } else if (name === undefined || !managed.includes(name)) {
      add(
        [...path, action, 'name'],
        `route "${name ?? ''}" is not listed in spec.strategy.canary.trafficRouting.managedRoutes: add it there`,
      );
    }
  }
  if (step.experiment) {
    step.experiment.templates.forEach((template, index) => {
      const at = [...path, 'experiment', 'templates', index];
      if (!['stable', 'canary'].includes(template.specRef))
        add([...at, 'specRef'], `unsupported value "${template.specRef}": use "stable" or "canary"`);
      if (template.weight !== undefined) findings.push(...experimentWeightFindings(routing, [...at, 'weight']));
    });
    if (step.experiment.duration !== undefined)
      findings.push(...goDurationFindings(step.experiment.duration, [...path, 'experiment', 'duration']));
    step.experiment.analyses?.forEach((analysis, index) => {
      findings.push(...argumentFindings(analysis.args ?? [], [...path, 'experiment', 'analyses', index, 'args']));
    });
  }
  if (step.analysis) findings.push(...argumentFindings(step.analysis.args ?? [], [...path, 'analysis', 'args']));
  return findings;
}

function stringMatchFindings(match: StringMatch | undefined, path: PathSegment[], albOnlyExact: boolean): Finding[] {
  const set = (['exact', 'prefix', 'regex'] as const).filter((kind) => match?.[kind]);
  if (albOnlyExact && (set.length !== 1 || set[0] !== 'exact'))
    return [{ path, message: 'the alb router matches headers by "exact" value only' }];
  if (set.length === 0) return [{ path, message: 'set one of exact, prefix or regex' }];
  if (set.length > 1) return [{ path, message: `set only one of exact, prefix or regex (found ${set.join(', ')})` }];
  return [];
}

export function goDurationFindings(value: string, path: PathSegment[]): Finding[] {
  try {
    parseGoDuration(value);
    return [];
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    return [{ path, message: error.message }];
  }
}

const METADATA_FIELD_PATH =
  /^metadata\.(name|namespace|uid|labels|annotations|labels\['[^']+'\]|annotations\['[^']+'\])$/;

/** Arguments that a Rollout passes to analysis. */
export function argumentFindings(args: readonly AnalysisRunArgument[], path: PathSegment[]): Finding[] {
  const findings: Finding[] = [];
  args.forEach((arg, index) => {
    const valueFrom = arg.valueFrom;
    if (!valueFrom) return;
    const at = [...path, index, 'valueFrom'];
    if (
      valueFrom.podTemplateHashValue !== undefined &&
      !['Stable', 'Latest'].includes(valueFrom.podTemplateHashValue)
    ) {
      findings.push({
        path: [...at, 'podTemplateHashValue'],
        message: `unsupported value "${valueFrom.podTemplateHashValue}": use "Stable" or "Latest"`,
      });
    }
    const fieldPath = valueFrom.fieldRef?.fieldPath;
    if (fieldPath?.startsWith('metadata') && !METADATA_FIELD_PATH.test(fieldPath)) {
      findings.push({
        path: [...at, 'fieldRef', 'fieldPath'],
        message: `"${fieldPath}" is not a metadata field the downward API offers: use metadata.name, metadata.namespace, metadata.uid, metadata.labels['key'] or metadata.annotations['key']`,
      });
    }
  });
  return findings;
}

/**
 * An experiment template's weight is routed by the istio, alb and smi routers. Argo also accepts it
 * with router plugins (each plugin decides); sluice's plugin routers do not route it, so the
 * experiment runs but gets no traffic: a warning, since Argo accepts the Rollout.
 */
function experimentWeightFindings(
  routing: NonNullable<NonNullable<Rollout['spec']['strategy']['canary']>['trafficRouting']> | undefined,
  at: PathSegment[],
): Finding[] {
  if (!routing)
    return [{ path: at, message: 'an experiment template weight needs spec.strategy.canary.trafficRouting' }];
  if (routing.istio || routing.alb || routing.smi) return [];
  const plugins = Object.keys(routing.plugins ?? {});
  if (plugins.length === 0)
    return [
      {
        path: at,
        message:
          'an experiment template weight needs the istio, alb or smi router (or a router plugin): remove the weight, or route the rollout with one of those',
      },
    ];
  return [
    warning(
      at,
      `the ${plugins.join(', ')} router of sluice does not route experiment weights: the experiment runs without traffic; route the rollout with istio, alb or smi to send it this weight`,
    ),
  ];
}
