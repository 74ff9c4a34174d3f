export {
  type ApiRole,
  ApiRoleSchema,
  DynamoApiKeyRepository,
  type NewApiKey,
  type StoredApiKey,
  StoredApiKeySchema,
} from './api-key-repository.js';
export { DynamoApprovalRepository } from './approval-repository.js';
export {
  type AuditEventFilter,
  type AuditEventSummary,
  MAX_AUDIT_PAGE,
} from './audit-listing.js';
export {
  type AuditEvent,
  type AuditEventInput,
  AuditEventInputSchema,
  AuditEventSchema,
  type ChainVerification,
  DynamoAuditRepository,
  GENESIS_HASH,
} from './audit-repository.js';
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
