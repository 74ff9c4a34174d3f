export {
  type OpenAiStandIn,
  type OpenAiStandInOptions,
  openAiErrorBody,
  type ScriptedChatToolCall,
  type ScriptedChatTurn,
  startOpenAiStandIn,
} from './chat-completions.js';
