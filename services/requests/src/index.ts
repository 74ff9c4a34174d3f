export { compose, type RequestsParts } from './compose.js';
export { parseRequestsConfig, type RequestsConfig, RequestsConfigSchema } from './config.js';
export { createHandler, type RequestsDeps } from './handler.js';
