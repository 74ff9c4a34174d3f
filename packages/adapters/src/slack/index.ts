export {
  type SlackConnection,
  type SlackConnectionConfig,
  type SlackParts,
  slackConnection,
} from './connection.js';
export {
  fixedSlackCredentials,
  type SlackCredentialStore,
  SlackSecretError,
  secretsManagerSlackCredentials,
} from './credentials.js';
export {
  DynamoSlackMessageLedger,
  InMemorySlackMessageLedger,
  type RequestMessages,
  type SlackMessageLedger,
  type SlackMessageRef,
} from './message-ledger.js';
export type { SlackMessage, SlackMessaging } from './messaging.js';
export { type ProgressStage, progressLine, type SlackProgress, THREAD_STATUS } from './progress.js';
export { type SlackCredentials, SlackCredentialsSchema, SlackSettings } from './settings.js';
export {
  allNotifiers,
  type SealedOutputTaker,
  SlackNotifier,
  type SlackNotifierOptions,
} from './slack-notifier.js';
export {
  directorySlackIds,
  type SlackIdOf,
  sameSlackIds,
  withSlackIds,
} from './slack-people.js';
export { type ThreadSessions, threadContext, withSlackThreadContext } from './thread-context.js';
