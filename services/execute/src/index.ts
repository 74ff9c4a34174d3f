export { compose, type ExecuteParts } from './compose.js';
export { type ExecuteConfig, ExecuteConfigSchema, parseExecuteConfig } from './config.js';
export { createHandler, ExecuteEventSchema, type ExecuteServiceDeps } from './handler.js';
