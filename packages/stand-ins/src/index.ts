export {
  awsErrorBody,
  type SecretsManagerStandIn,
  type SecretsManagerStandInOptions,
  type StandInSecretValue,
  startSecretsManagerStandIn,
} from './aws/secrets-manager.js';
export {
  type BedrockRecordedRequest,
  type BedrockScriptedTurn,
  type BedrockStandIn,
  type BedrockStandInOptions,
  type BedrockStopReason,
  type BedrockStreamExceptionType,
  bedrockTurns,
  eventFrame,
  exceptionFrame,
  type ScriptedToolUse,
  startBedrockStandIn,
} from './bedrock/index.js';
export {
  AWS_FAULTS,
  type AwsFault,
  awsJsonFault,
  awsQueryFault,
} from './faults/aws-faults.js';
export {
  type FaultProxy,
  type FaultProxyOptions,
  startFaultProxy,
} from './faults/fault-proxy.js';
export {
  type CatalogGif,
  CatalogGifSchema,
  DEFAULT_CATALOG,
  GIF_RATINGS,
  type GifRating,
  GifRatingSchema,
  matchQuery,
  ratingWithin,
} from './gifs/catalog.js';
export {
  type GiphyStandInOptions,
  giphyErrorBody,
  startGiphyStandIn,
  toGiphyGif,
} from './gifs/giphy.js';
export { MEDIA_PREFIX } from './gifs/media.js';
export {
  startTenorStandIn,
  TENOR_CONTENT_FILTERS,
  type TenorStandInOptions,
  tenorErrorBody,
  toTenorResult,
} from './gifs/tenor.js';
export { type CalendarRouteContext, calendarRoute } from './google/calendar.js';
export {
  type CalendarState,
  type EventAttendee,
  type EventTime,
  SANDBOX_TIME_ZONE,
  type StoredCalendar,
  type StoredEvent,
} from './google/calendar-state.js';
export {
  type CustomFieldValue,
  type CustomSchema,
  type DirectoryUser,
  SANDBOX_ADMIN,
  SANDBOX_ALICE_ROLE,
  SANDBOX_CUSTOMER_ID,
  SANDBOX_DOMAIN,
  SANDBOX_SCHEMAS,
  SANDBOX_USERS,
  type SeedUser,
} from './google/directory-state.js';
export { type DriveRouteContext, driveRoute } from './google/drive.js';
export { type DriveQuery, DriveQueryError, parseDriveQuery } from './google/drive-query.js';
export {
  DOCUMENT_MIME,
  type DrivePermission,
  type DriveState,
  FOLDER_MIME,
  PDF_MIME,
  PRESENTATION_MIME,
  SANDBOX_CUSTOMER_FOLDER_ID,
  SANDBOX_CUSTOMERS_DRIVE_ID,
  SPREADSHEET_MIME,
  type StoredDrive,
  type StoredFile,
} from './google/drive-state.js';
export { googleErrorBody } from './google/errors.js';
export { GOOGLE_TOKEN_AUDIENCE, JWT_BEARER_GRANT } from './google/oauth-token.js';
export {
  type GoogleWorkspaceStandIn,
  type GoogleWorkspaceStandInOptions,
  startGoogleWorkspaceStandIn,
} from './google/workspace.js';
export {
  type RecordedRequest,
  type ScriptedFailure,
  type StandIn,
  type StandInReply,
  type StandInServerOptions,
  startStandInServer,
} from './http/stand-in-server.js';
export {
  JIRA_STAND_IN_EMAIL,
  JIRA_STAND_IN_TOKEN,
  type JiraStandIn,
  type JiraStandInOptions,
  jiraErrorBody,
  startJiraStandIn,
} from './jira/jira.js';
export { JqlError, type JqlNode, matchesJql, parseJql } from './jira/jql.js';
export {
  DEFAULT_JIRA_SEED,
  JIRA_ISSUE_TYPES,
  type JiraIssue,
  type JiraProject,
  type JiraProjectRole,
  type JiraSeed,
  type JiraSiteState,
  type JiraUser,
} from './jira/state.js';
export {
  type OpenAiStandIn,
  type OpenAiStandInOptions,
  openAiErrorBody,
  type ScriptedChatToolCall,
  type ScriptedChatTurn,
  startOpenAiStandIn,
} from './openai/index.js';
export {
  forgetSandboxFiles,
  RESEED_HINT,
  type SandboxFile,
  SandboxStateError,
  sandboxFile,
} from './sandbox/sandbox-file.js';
export {
  loadStandInSecrets,
  type RunningStandIns,
  type ServeConfig,
  ServeConfigSchema,
  startAll,
} from './serve-all.js';
export {
  type SlackStandIn,
  type SlackStandInOptions,
  startSlackStandIn,
} from './slack/server.js';
export type {
  Delivery as SlackDelivery,
  OpenedView as SlackOpenedView,
  SlackChannel,
  SlackPerson,
  SlackWorkspaceState,
  StoredEphemeral as SlackStoredEphemeral,
  StoredMessage as SlackStoredMessage,
} from './slack/state.js';
export type { SlackFailure } from './slack/web-api.js';
export {
  type PublishedMessage,
  type SnsStandIn,
  type SnsStandInOptions,
  startSnsStandIn,
} from './sns/sns.js';
