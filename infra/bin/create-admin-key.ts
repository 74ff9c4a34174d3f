// The first admin API key of a deployed environment (after that, admins make keys with
// `hitl-mcp keys create`). Runs with the operator's AWS credentials, writes the key as the API
// does (a SHA-256 of its secret, with its audit event MACed by the environment's keyring) and
// prints the key once:
//   AWS_REGION=eu-west-1 node --conditions=agentcore-source --import tsx \
//     infra/bin/create-admin-key.ts --environment prod --user-id U012ABCDEF --name "Ana Admin"
import { parseArgs } from 'node:util';
import { secretsManagerAuditKeys } from '@agentcore/adapters';
import { generateApiKey } from '@agentcore/service-api';
import { createDocumentClient, createStores, tableNames } from '@agentcore/store';
import { ENVIRONMENTS, parseEnvironmentConfig } from '../config/index.js';
import { auditKeySecretName } from '../lib/constructs/secrets.js';

const { values } = parseArgs({
  options: {
    environment: { type: 'string' },
    'user-id': { type: 'string' },
    name: { type: 'string' },
  },
});
const input = ENVIRONMENTS.find((candidate) => candidate.name === values.environment);
const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
if (!input || !values['user-id'] || !region) {
  process.stderr.write(
    `usage: AWS_REGION=… create-admin-key --environment ${ENVIRONMENTS.map((e) => e.name).join('|')} --user-id U… [--name "…"]\n`,
  );
  process.exit(2);
}
const config = parseEnvironmentConfig(input);
const target = { region };
const documents = createDocumentClient(target);
const stores = createStores(
  documents,
  tableNames(config.tablePrefix),
  secretsManagerAuditKeys(target, auditKeySecretName(config.tablePrefix)),
);
const { keyId, token, secretHash } = generateApiKey();
await stores.apiKeys.create({
  keyId,
  secretHash,
  userId: values['user-id'],
  displayName: values.name ?? values['user-id'],
  roles: ['requester', 'approver', 'admin'],
  createdBy: 'create-admin-key',
});
documents.destroy();
process.stderr.write(`admin key ${keyId} for ${values['user-id']} (shown once; keep it safe):\n`);
process.stdout.write(`${token}\n`);
