// `npm start`: the embedded local system. For now DynamoDB Local with every table; later
// issues add the state machine, the API and the stand-ins here, behind this one entry point.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tableNames } from '@agentcore/store';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables } from './create-tables.js';
import { LOCAL_AWS, startDynamoDbLocal } from './dynamodb-local.js';
import { localDataDir } from './paths.js';

const TABLE_PREFIX = 'agentcore-local';

async function main(): Promise<void> {
  const dataDir = join(process.env.AGENTCORE_DATA_DIR ?? localDataDir(), 'dynamodb');
  mkdirSync(dataDir, { recursive: true });
  const dynamo = await startDynamoDbLocal({ dataDir });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received: stopping DynamoDB Local (pid ${dynamo.pid})`);
    await dynamo.stop();
    console.log('stopped; nothing left running');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
  const names = tableNames(TABLE_PREFIX);
  await createTables(client, names);
  client.destroy();

  console.log('AgentCore Marketplace, local runtime');
  console.log(`  DynamoDB Local  ${dynamo.endpoint}  (pid ${dynamo.pid}, data in ${dataDir})`);
  for (const [id, name] of Object.entries(names)) console.log(`    table ${id.padEnd(12)} ${name}`);
  console.log(
    `  AWS settings    AWS_ENDPOINT_URL_DYNAMODB=${dynamo.endpoint} AWS_REGION=${LOCAL_AWS.region}`,
  );
  console.log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error(
    `local runtime failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
