import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoApiKeyRepository } from './api-key-repository.js';
import { DynamoApprovalRepository } from './approval-repository.js';
import type { AuditKeySource } from './audit-keyring.js';
import { DynamoAuditRepository } from './audit-repository.js';
import { type Clock, systemClock } from './clock.js';
import { DynamoConfigRepository } from './config-repository.js';
import { DynamoIdempotencyRepository } from './idempotency-repository.js';
import { DynamoSealedOutputRepository } from './sealed-output-repository.js';
import type { SealingKeySource } from './sealing-key.js';
import { DynamoSessionRepository } from './session-repository.js';
import type { TableNames } from './tables.js';

export interface Stores {
  approvals: DynamoApprovalRepository;
  apiKeys: DynamoApiKeyRepository;
  audit: DynamoAuditRepository;
  config: DynamoConfigRepository;
  sessions: DynamoSessionRepository;
  idempotency: DynamoIdempotencyRepository;
  /** Sensitive outputs sealed under `key` (from the function's configuration). */
  sealedOutputs(key: SealingKeySource): DynamoSealedOutputRepository;
}

/**
 * Every repository over one document client and one environment's tables. `auditKeys` MAC the
 * audit chain that every repository writing a change appends to.
 */
export function createStores(
  client: DynamoDBDocumentClient,
  tables: TableNames,
  auditKeys: AuditKeySource,
  clock: Clock = systemClock,
): Stores {
  const audit = new DynamoAuditRepository(client, tables.audit, clock, auditKeys);
  return {
    approvals: new DynamoApprovalRepository(client, tables.approvals, audit, clock),
    apiKeys: new DynamoApiKeyRepository(client, tables.apiKeys, audit, clock),
    audit,
    config: new DynamoConfigRepository(client, tables.config, audit, clock),
    sessions: new DynamoSessionRepository(client, tables.sessions, clock),
    idempotency: new DynamoIdempotencyRepository(client, tables.idempotency, clock),
    sealedOutputs: (key) =>
      new DynamoSealedOutputRepository(client, tables.sealedOutputs, audit, key, clock),
  };
}
