export { createTables } from './create-tables.js';
export {
  type DynamoDbLocal,
  type DynamoDbLocalOptions,
  freePort,
  LOCAL_AWS,
  startDynamoDbLocal,
} from './dynamodb-local.js';
export { localDataDir, repositoryRoot } from './paths.js';
