export { createHandler, NotifyEventSchema } from './handler.js';
