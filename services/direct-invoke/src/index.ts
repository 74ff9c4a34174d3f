export { compose, type DirectInvokeParts } from './compose.js';
export {
  type DirectInvokeConfig,
  DirectInvokeConfigSchema,
  parseDirectInvokeConfig,
} from './config.js';
export { createHandler, type DirectInvokeDeps, DirectInvokeEventSchema } from './handler.js';
