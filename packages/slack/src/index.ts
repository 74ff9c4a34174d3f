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
