export { createApp } from './app.js';
export { compose, type GatewayParts } from './compose.js';
export { type GatewayConfig, GatewayConfigSchema, parseGatewayConfig } from './config.js';
export type { GatewayDeps, OAuthAccess } from './deps.js';
export { BOT_SCOPES, installState } from './oauth.js';
export { type ServedGateway, serveGateway } from './serve.js';
export type { GatewayEnv } from './verification.js';
