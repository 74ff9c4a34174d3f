export {
  rawBodyOf,
  SIGNATURE_WINDOW_SECONDS,
  type SignatureFailure,
  signSlackRequest,
  type VerifySlackRequestInput,
  verifySlackRequest,
} from './signature.js';
export { chunkText, escapeMrkdwn, truncateText } from './text.js';
