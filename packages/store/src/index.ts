export {
  type ApiRole,
  ApiRoleSchema,
  DynamoApiKeyRepository,
  type NewApiKey,
  type StoredApiKey,
  StoredApiKeySchema,
} from './api-key-repository.js';
export { DynamoApprovalRepository } from './approval-repository.js';
export { ANCHOR_SEQ } from './audit-anchor.js';
export {
  AuditKeyError,
  type AuditKeyring,
  type AuditKeySource,
  auditKeyringText,
  cachedAuditKeys,
  fixedAuditKeys,
  generateAuditKeyring,
  parseAuditKeyring,
  rotateAuditKeyring,
} from './audit-keyring.js';
export {
  type AuditEventFilter,
  type AuditEventSummary,
  MAX_AUDIT_PAGE,
} from './audit-listing.js';
export {
  AuditAnchorMissingError,
  type AuditEvent,
  type AuditEventInput,
  AuditEventInputSchema,
  AuditEventSchema,
  type ChainVerification,
  DynamoAuditRepository,
  GENESIS_HASH,
} from './audit-repository.js';
export type { ChainProblem } from './audit-verify.js';
export { createDocumentClient } from './client.js';
export { type Clock, systemClock } from './clock.js';
export {
  type ConfigKey,
  ConfigKeySchema,
  type ConfigVersion,
  type ConfigWrite,
  DynamoConfigRepository,
} from './config-repository.js';
export type { Page } from './cursor.js';
export { DynamoIdempotencyRepository } from './idempotency-repository.js';
export {
  DELIVERED_EVENT,
  type DeliveredOutput,
  DynamoSealedOutputRepository,
  SEALED_EVENT,
  SEALED_OUTPUT_TTL_SECONDS,
  type TakeOutcome,
} from './sealed-output-repository.js';
export {
  InvalidSealingKeyError,
  MIN_SEALING_SECRET_CHARS,
  type Sealed,
  SealingKey,
  SealingKeySettings,
  type SealingKeySource,
} from './sealing-key.js';
export {
  DynamoSessionRepository,
  type MemoryTurn,
  SESSION_TTL_SECONDS,
  type SlackSessionInput,
  type StoredSlackSession,
  type Thread,
} from './session-repository.js';
export { createStores, type Stores } from './stores.js';
export {
  type IndexDefinition,
  type KeyAttribute,
  TABLES,
  type TableDefinition,
  type TableId,
  type TableNames,
  tableNames,
} from './tables.js';
