export { generateApiKey } from './api-keys.js';
export { type ApiDeps, createApp } from './app.js';
export { type ApiParts, compose } from './compose.js';
export { type ApiConfig, ApiConfigSchema, parseApiConfig } from './config.js';
export type { Principal } from './principal.js';
export { type ServedApi, serveApi } from './serve.js';
