// The routes of the dashboard API (src/dashboard/contract.ts), one line each. /session, /login and
// /logout are the server's own (server.ts): they run before there is a session.
import type { Route } from './route.ts';
import { runAction } from './routes/actions.ts';
import { rolloutTimeline } from '../data/timeline-route.ts';
import { unavailableTraffic } from './routes/placeholders.ts';
import { getAnalysisRun, getRollout, listRollouts, streamRollout, streamRollouts } from './routes/rollouts.ts';

export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/rollouts', handle: listRollouts },
  { method: 'GET', pattern: '/rollouts/stream', handle: streamRollouts },
  { method: 'GET', pattern: '/namespaces/:namespace/rollouts/:name', handle: getRollout },
  { method: 'GET', pattern: '/namespaces/:namespace/rollouts/:name/stream', handle: streamRollout },
  { method: 'GET', pattern: '/namespaces/:namespace/analysisruns/:name', handle: getAnalysisRun },
  { method: 'GET', pattern: '/namespaces/:namespace/rollouts/:name/traffic', handle: unavailableTraffic },
  { method: 'GET', pattern: '/namespaces/:namespace/rollouts/:name/timeline', handle: rolloutTimeline },
  { method: 'POST', pattern: '/namespaces/:namespace/rollouts/:name/actions/:action', handle: runAction },
];
