// Several routers for one rollout (Argo's mixed routing: trafficRouting names e.g. istio and nginx
// together), all or nothing: every router reads and plans before any writes; a problem in any plan
// writes nothing; a write that fails puts back what the routers before it (and it) wrote, then
// throws as the failed write did (a conflict is then planned again from fresh reads).
import type { DesiredTraffic } from './desired.ts';
import type { ApplyResult, TrafficInPlace, Verification } from './router.ts';
import { withRollback, type StagedChange, type StagedTrafficRouter } from './staged.ts';

export function createCompositeTrafficRouter(routers: StagedTrafficRouter[]): StagedTrafficRouter {
  async function stage(desired: DesiredTraffic): Promise<StagedChange> {
    const staged: StagedChange[] = [];
    for (const router of routers) staged.push(await router.stage(desired));
    const problems = staged.flatMap((change) => change.problems);
    const written: StagedChange[] = [];
    return {
      problems,
      changed: problems.length === 0 && staged.some((change) => change.changed),
      async commit() {
        for (const change of staged) {
          if (!change.changed) continue;
          written.push(change);
          try {
            await change.commit();
          } catch (error) {
            throw await withRollback(error, written.splice(0));
          }
        }
      },
      async rollback() {
        const error = await withRollback(undefined, written.splice(0));
        if (error) throw error;
      },
    };
  }

  return {
    type: routers.map((router) => router.type).join('+'),
    canVerify: routers.every((router) => router.canVerify),
    stage,
    async apply(desired: DesiredTraffic): Promise<ApplyResult> {
      const staged = await stage(desired);
      if (staged.problems.length > 0) return { changed: false, problems: staged.problems };
      if (!staged.changed) return { changed: false, problems: [] };
      await staged.commit();
      return { changed: true, problems: [] };
    },
    async observe(): Promise<TrafficInPlace | undefined> {
      const observed = (await Promise.all(routers.map((router) => router.observe()))).filter(
        (inPlace): inPlace is TrafficInPlace => inPlace !== undefined,
      );
      return observed.length === 0 ? undefined : mergeInPlace(observed);
    },
    async verify(desired: DesiredTraffic): Promise<Verification> {
      const answers = await Promise.all(routers.map((router) => router.verify(desired)));
      if (answers.includes(false)) return false;
      return answers.every((answer) => answer === true) ? true : 'cannot-verify';
    },
  };
}

/** What every router has in place, read as one: a canary weight only when all agree on it. */
export function mergeInPlace(observed: TrafficInPlace[]): TrafficInPlace {
  const weights = new Set(observed.map((inPlace) => inPlace.canaryWeight));
  const [weight] = weights;
  const headerRoutes = [...new Set(observed.flatMap((inPlace) => inPlace.headerRoutes))];
  const mirrors = new Map<string, { name: string; percentage: number }>();
  for (const mirror of observed.flatMap((inPlace) => inPlace.mirrorRoutes))
    if (!mirrors.has(mirror.name)) mirrors.set(mirror.name, mirror);
  const merged: TrafficInPlace = {
    canaryWeight: weights.size === 1 ? weight : undefined,
    routes: observed.flatMap((inPlace) => inPlace.routes),
    headerRoutes,
    mirrorRoutes: [...mirrors.values()],
    problems: observed.flatMap((inPlace) => inPlace.problems),
  };
  const canaryHash = observed.find((inPlace) => inPlace.canaryHash !== undefined)?.canaryHash;
  const stableHash = observed.find((inPlace) => inPlace.stableHash !== undefined)?.stableHash;
  if (canaryHash !== undefined) merged.canaryHash = canaryHash;
  if (stableHash !== undefined) merged.stableHash = stableHash;
  return merged;
}
