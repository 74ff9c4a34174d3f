export { compose, type DecisionSweeperParts } from './compose.js';
export {
  type DecisionSweeperConfig,
  DecisionSweeperConfigSchema,
  parseDecisionSweeperConfig,
} from './config.js';
export { createHandler, type DecisionSweeperDeps } from './handler.js';
