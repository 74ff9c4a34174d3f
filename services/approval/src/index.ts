export { type ApprovalEvent, ApprovalEventSchema } from './events.js';
export { type ApprovalDeps, createHandler } from './handler.js';
