// From the source itself, not '@agentcore/local': vitest loads global setup outside the projects,
// without their `agentcore-source` condition, so the package would resolve to a dist/ that may be
// stale (or missing), and start DynamoDB Local the old way.

import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../apps/local/src/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** One DynamoDB Local per test run; each test file makes its own tables in it. */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}
