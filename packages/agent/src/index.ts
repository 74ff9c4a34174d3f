export {
  type BedrockClientSettings,
  type BedrockModelProviderOptions,
  createBedrockModelProvider,
  createBedrockRuntimeClient,
} from './bedrock.js';
export {
  type CalendarClock,
  type CalendarMatch,
  type CalendarMissing,
  calendarPhrase,
  isCalendarPhrasing,
} from './calendar-phrases.js';
export {
  BedrockModelConfigSchema,
  DEFAULT_BEDROCK_MODEL_ID,
  defaultBedrockModelId,
  MODEL_ENV,
  type ModelConfig,
  type ModelConfigInput,
  ModelConfigSchema,
  type ModelProviderDeps,
  modelConfigFromEnv,
  NoModelConfigSchema,
  OpenAiModelConfigSchema,
  parseModelConfig,
  resolveModelProvider,
} from './config.js';
export { type DirectActionInput, directAction, parseDirectArgs } from './direct.js';
export { AgentError, type AgentErrorCode, type AgentErrorOptions } from './errors.js';
export type { AgentEvent, AgentOutcome, ToolCallRejection } from './events.js';
export {
  type MemoryTurn,
  MemoryTurnSchema,
  memoryRecap,
  remember,
  SHORT_TERM_MEMORY_TURNS,
  type ShortTermMemory,
  ShortTermMemorySchema,
} from './memory.js';
export {
  type ContentBlock,
  type ConverseRequest,
  completeTurn,
  type GuardrailConfig,
  type InferenceConfig,
  type ModelMessage,
  type ModelProvider,
  type ModelStreamEvent,
  messageText,
  type StopReason,
  type TextBlock,
  type TokenUsage,
  type ToolChoice,
  type ToolResultBlock,
  type ToolSpec,
  type ToolUseBlock,
} from './model.js';
export {
  createOpenAiCompatibleProvider,
  type OpenAiCompatibleOptions,
} from './openai-compatible.js';
export {
  PHRASE_EXAMPLES,
  type PhrasePlannerOptions,
  planFromWords,
  type WordsNotUnderstood,
  type WordsPlan,
} from './phrases.js';
export {
  DEFAULT_PLANNER_INSTRUCTIONS,
  type FallbackInference,
  type FallbackInferenceResult,
  MAX_PLANNING_TURNS,
  type ModelProposal,
  ModelProposalSchema,
  type PlannerPromptSource,
  PROPOSAL_TOOL,
  PROPOSAL_TOOL_NAME,
  type ProposalLookups,
  type ProposalRequest,
  type ProposalResult,
  proposalPrompt,
  proposalSystemPrompt,
  proposeAction,
  type StepContext,
} from './proposal.js';
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableModelError,
  type RetryPolicy,
  type Sleep,
  timerSleep,
} from './retry.js';
export { type ParsedToolInput, parseToolInput } from './tool-input.js';
export {
  type AgentResult,
  type AgentRunOptions,
  type AgentToolCall,
  DEFAULT_MAX_ITERATIONS,
  DEFAULT_MAX_TOKENS,
  EMPTY_ANSWER_TEXT,
  iterationCapMessage,
  runAgent,
  streamAgent,
} from './tool-loop.js';
export type { ToolExecutor, ToolOutput } from './tools.js';
