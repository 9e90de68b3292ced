// spec.restartAt: not carried out yet (pods are not observed individually); the status says so
// through phase "rollout is restarting" until a runtime reports the restart done.
import type { EngineContext } from '../core/context.ts';

export function reconcileRestart(_ctx: EngineContext): void {}
