export { compose, type WorkflowStepsParts } from './compose.js';
export {
  parseWorkflowStepsConfig,
  type WorkflowStepsConfig,
  WorkflowStepsConfigSchema,
} from './config.js';
export {
  createHandler,
  type WorkflowStepEvent,
  WorkflowStepEventSchema,
  type WorkflowStepsDeps,
} from './handler.js';
