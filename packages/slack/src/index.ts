export {
  approvalCard,
  type CardButtonValue,
  CardButtonValueSchema,
  readCardButtonValue,
  SLACK_ACTIONS,
  type SlackAction,
  type SlackMessage,
} from './blocks/approval-card.js';
export {
  EDIT_CALLS_CALLBACK_ID,
  type EditSubmission,
  editCallsModal,
  readEditSubmission,
} from './blocks/edit-modal.js';
export { MESSAGE_TEXT_BUDGET, SLACK_LIMITS } from './blocks/limits.js';
export { resultMessages } from './blocks/results.js';
export {
  createSlackClient,
  type OAuthV2AccessArgs,
  type OAuthV2AccessResult,
  OAuthV2AccessResultSchema,
  type PostEphemeralArgs,
  type PostMessageArgs,
  type SlackBlock,
  type SlackClient,
  type SlackClientOptions,
  type UpdateMessageArgs,
} from './client.js';
export { SlackApiError } from './errors.js';
export {
  rawBodyOf,
  SIGNATURE_WINDOW_SECONDS,
  type SignatureFailure,
  signSlackRequest,
  type VerifySlackRequestInput,
  verifySlackRequest,
} from './signature.js';
export { chunkText, escapeMrkdwn, truncateText } from './text.js';
