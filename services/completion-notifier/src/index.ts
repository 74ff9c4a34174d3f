export { compose, type NotifierParts } from './compose.js';
export { type NotifierConfig, NotifierConfigSchema, parseNotifierConfig } from './config.js';
export { createHandler, type NotifierDeps, NotifyEventSchema } from './handler.js';
