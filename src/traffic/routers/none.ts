// The router for a canary without trafficRouting: there is no mesh, the engine approximates the
// weights with replica counts, so there is nothing to change and nothing to verify.
import type { DesiredTraffic } from '../desired.ts';
import type { ApplyResult, TrafficInPlace, TrafficRouter, Verification } from '../router.ts';

export function createNoTrafficRouter(): TrafficRouter {
  return {
    type: 'none',
    canVerify: false,
    async apply(_desired: DesiredTraffic): Promise<ApplyResult> {
      return { changed: false, problems: [] };
    },
    async observe(): Promise<TrafficInPlace | undefined> {
      return undefined;
    },
    async verify(_desired: DesiredTraffic): Promise<Verification> {
      return 'cannot-verify';
    },
  };
}
