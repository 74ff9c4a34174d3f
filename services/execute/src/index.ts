export { createHandler, ExecuteEventSchema, type ExecuteServiceDeps } from './handler.js';
