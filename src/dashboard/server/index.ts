// The dashboard server's public entry: start it, with the Authorizer of your choice.
export { startDashboardServer, DEFAULT_ADDRESS, DEFAULT_PORT, DEFAULT_STATIC_DIR } from './server.ts';
export type { DashboardServer, DashboardServerOptions } from './server.ts';
export type { Route, RouteContext } from './route.ts';
export { ANSWERED } from './route.ts';
export { ApiFailure, failureOf } from './api-failure.ts';
export type { AccessDecision, AccessRequest, Authorizer, Identity } from './authorizer.ts';
export { dashboardTokenAuthorizer, sameToken, type DashboardTokenAuthorizer } from './token-authorizer.ts';
export { credentialOf } from './http-io.ts';
export { missingUiMessage } from './static-files.ts';
