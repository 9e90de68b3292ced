// The dashboard's HTTP API: what its server serves and its web UI reads. Pure types (no I/O), so
// the server (src/dashboard/server/) and the browser bundle (src/dashboard/web/) import the same
// file. JSON over HTTP; live updates as server-sent events (`text/event-stream`).
//
//   GET  /api/v1/session                                    -> Session
//   POST /api/v1/login            body LoginRequest          -> Session (sets the session cookie)
//   POST /api/v1/logout                                      -> 204
//   GET  /api/v1/rollouts?namespace=NS                       -> RolloutList (every namespace without NS)
//   GET  /api/v1/rollouts/stream?namespace=NS                -> SSE `rollouts` (RolloutList) on each change
//   GET  /api/v1/namespaces/NS/rollouts/NAME                 -> RolloutPage
//   GET  /api/v1/namespaces/NS/rollouts/NAME/stream          -> SSE `rollout` (RolloutPage), `gone` when deleted
//   GET  /api/v1/namespaces/NS/analysisruns/NAME             -> AnalysisRunDetailView
//   GET  /api/v1/namespaces/NS/rollouts/NAME/traffic         -> TrafficSeries
//   GET  /api/v1/namespaces/NS/rollouts/NAME/timeline        -> Timeline
//   POST /api/v1/namespaces/NS/rollouts/NAME/actions/ACTION  body ActionRequest -> ActionResult
//
// Every request but /session and /login needs the session (cookie `sluice_session`, HttpOnly,
// SameSite=Strict) or `Authorization: Bearer TOKEN`. Every POST needs the header
// `X-Sluice-Request: 1` and a JSON body, and is refused when its Origin is not the dashboard's own
// (CSRF). Any failure answers an ApiError body with the HTTP status. A stream that cannot start
// (no such rollout, the target unreachable) answers that way too; one that fails once started sends
// an `error` event (ApiError) and ends. Streams send a `: heartbeat` comment every 15 s.
import type { AnalysisRunDetailView } from '../view/analysis-run-detail.ts';
import type { RolloutListRow } from '../view/list-row.ts';
import type { RolloutView, Status } from '../view/model.ts';

export const API_PREFIX = '/api/v1';
export const SESSION_COOKIE = 'sluice_session';
export const CSRF_HEADER = 'x-sluice-request';

export interface Session {
  authenticated: boolean;
  /** `cluster (context kind-dev)`, `local runtime at http://127.0.0.1:4000`. */
  target: string;
  runtime: 'local' | 'cluster';
  /** Who reads and acts: the kubeconfig user, the TokenReview username, or `local`. */
  user?: string;
  defaultNamespace: string;
  /** How to log in when not authenticated: a token printed by `sluice dashboard`, or a Kubernetes bearer token. */
  login: 'dashboard-token' | 'kubernetes-token';
}

export interface LoginRequest {
  token: string;
}

export interface RolloutList {
  rows: RolloutListRow[];
  /** The list rows' images, keyed `namespace/name` (the list shows them; the row type does not carry them). */
  images: Record<string, string[]>;
}

/** One canary step (or the blue-green phases) as the step list shows it. */
export interface StepView {
  index: number;
  /** `setWeight: 20`, `pause: 30s`, `pause (until promoted)`, `analysis: success-rate`, `experiment`, ... */
  text: string;
  kind:
    | 'setWeight'
    | 'pause'
    | 'analysis'
    | 'experiment'
    | 'setCanaryScale'
    | 'setHeaderRoute'
    | 'setMirrorRoute'
    | 'plugin';
  state: 'done' | 'current' | 'pending';
}

export interface RolloutPage {
  view: RolloutView;
  steps: StepView[];
  /** The actions this user may take now (the RBAC verb allowed and the rollout in a state where it applies). */
  actions: ActionName[];
  /** Why an action is not offered to this user (RBAC): the Authorizer's refusal of the first check it fails. */
  actionsRefused?: string;
  /** The containers `set image` may name. */
  containers: string[];
  /** Revisions `undo` may go back to, newest first. */
  revisions: number[];
  /** Parts of the page taken out because this user may not list them (RBAC), each with the refusal. */
  hidden?: HiddenPart[];
}

/** A part of a rollout's page RBAC hides: `experiments` (list argoproj.io experiments), `jobs` (list batch jobs). */
export interface HiddenPart {
  part: 'experiments' | 'jobs';
  /** `user alice may not list jobs (batch) in namespace shop (RBAC)`. */
  message: string;
}

export type ActionName = 'promote' | 'promote-full' | 'abort' | 'retry' | 'restart' | 'set-image' | 'undo';

export interface ActionRequest {
  /** set-image */
  container?: string;
  image?: string;
  /** undo: 0 for the revision before the current one. */
  revision?: number;
}

export interface ActionResult {
  /** What happened, as the CLI says it: `rollout 'shop' promoted`. */
  message: string;
  page: RolloutPage;
}

/** Requests and errors per version (ReplicaSet role) over time, for the traffic chart. */
export interface TrafficSeries {
  /** `local mesh`, `prometheus at http://...`, or why there is none (`source` undefined). */
  source?: string;
  unavailable?: string;
  /** Epoch ms of each sample; the same length as every `points` array. */
  times: number[];
  versions: Array<{
    /** `stable`, `canary`, `preview`, `active`, with the pod-template hash. */
    label: string;
    podTemplateHash: string;
    /** Requests per second and the share of errors (0..1) at each time; null where unknown. */
    requestsPerSecond: Array<number | null>;
    errorRate: Array<number | null>;
  }>;
}

export interface TimelineEntry {
  /** Epoch ms. */
  at: number;
  kind: 'step' | 'weight' | 'pause' | 'resume' | 'abort' | 'analysis' | 'update' | 'complete' | 'other';
  /** The Event reason (`RolloutStepCompleted`) and its message. */
  reason: string;
  message: string;
  status: Status;
}

export interface Timeline {
  entries: TimelineEntry[];
}

export interface ApiError {
  error: {
    status: number;
    /** `Unauthorized`, `Forbidden`, `NotFound`, `Invalid`, `Conflict`, `Unavailable`. */
    reason: string;
    /** What went wrong and how to fix it: `user alice may not patch rollouts in namespace shop (RBAC)`. */
    message: string;
  };
}

export type { AnalysisRunDetailView, RolloutListRow, RolloutView, Status };
