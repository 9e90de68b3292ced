// The parts of a rollout's page a user may be refused on their own while they may read the rollout:
// its Experiments (argoproj.io) and the Jobs of its analysis runs (batch). The server reads with
// its own client, so a part the user may not list is taken out of the page before it is sent, and
// the page says which part is hidden and which permission is missing.
import type { HiddenPart, RolloutPage } from '../contract.ts';
import type { RolloutObjects } from '../../cli/target/target.ts';
import type { AccessDecision, AccessRequest } from './authorizer.ts';
import { accessRefusal } from '../auth/refusal.ts';

/** The check each part needs in the rollout's namespace. */
export function partNeeds(namespace: string): Record<HiddenPart['part'], AccessRequest> {
  return {
    experiments: { verb: 'list', group: 'argoproj.io', resource: 'experiments', namespace },
    jobs: { verb: 'list', group: 'batch', resource: 'jobs', namespace },
  };
}

/** The parts refused to the user, each with the refusal's sentence. */
export async function hiddenParts(
  allows: (access: AccessRequest) => Promise<AccessDecision>,
  username: string,
  namespace: string,
): Promise<HiddenPart[]> {
  const needs = Object.entries(partNeeds(namespace)) as Array<[HiddenPart['part'], AccessRequest]>;
  const decisions = await Promise.all(needs.map(([, access]) => allows(access)));
  const hidden: HiddenPart[] = [];
  needs.forEach(([part, access], index) => {
    const decision = decisions[index];
    if (decision && !decision.allowed)
      hidden.push({ part, message: decision.reason || accessRefusal(username, access) });
  });
  return hidden;
}

/** The objects without the hidden parts (an Experiment's ReplicaSets and runs go with it). */
export function withoutHiddenObjects(objects: RolloutObjects, hidden: readonly HiddenPart[]): RolloutObjects {
  const parts = new Set(hidden.map((entry) => entry.part));
  return {
    ...objects,
    ...(parts.has('experiments') ? { experiments: [] } : {}),
    ...(parts.has('jobs') ? { jobs: [] } : {}),
  };
}

/** The page without the Jobs its analysis runs list (named in the runs' measurements) when jobs are hidden. */
export function withoutHiddenViews(page: RolloutPage, hidden: readonly HiddenPart[]): RolloutPage {
  if (hidden.length === 0) return page;
  const jobsHidden = hidden.some((entry) => entry.part === 'jobs');
  const noJobs = <T extends { jobs: unknown[] }>(run: T): T => (jobsHidden ? { ...run, jobs: [] } : run);
  return {
    ...page,
    view: {
      ...page.view,
      revisions: page.view.revisions.map((revision) => ({
        ...revision,
        analysisRuns: revision.analysisRuns.map(noJobs),
        experiments: revision.experiments.map((experiment) => ({
          ...experiment,
          analysisRuns: experiment.analysisRuns.map(noJobs),
        })),
      })),
    },
    hidden: [...hidden],
  };
}
