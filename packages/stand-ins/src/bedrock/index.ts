export { eventFrame, exceptionFrame } from './frames.js';
export {
  type BedrockScriptedTurn,
  type BedrockStopReason,
  type BedrockStreamExceptionType,
  bedrockTurns,
  type ScriptedToolUse,
} from './script.js';
export {
  type BedrockRecordedRequest,
  type BedrockStandIn,
  type BedrockStandInOptions,
  startBedrockStandIn,
} from './server.js';
