import { retryableOnTransientFault } from '@agentcore/core';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The document client every repository shares: undefined fields are dropped (optional domain
 * fields), and each call has a timeout and the SDK's bounded, backed-off retries. A fault that
 * outlasts those retries and may pass (throttling, 5xx, timeouts) surfaces as RetryableError,
 * which the state machine retries; expected outcomes (a failed condition) are left as they are.
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    maxAttempts: 4,
    retryMode: 'adaptive',
    requestHandler: { requestTimeout: 5_000, connectionTimeout: 2_000 },
    ...config,
  });
  client.middlewareStack.add(retryableOnTransientFault('DynamoDB'), {
    step: 'initialize',
    name: 'retryableOnTransientFault',
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
