import { retryableOnTransientFault } from '@agentcore/core';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';

/** Every AWS call has a timeout; the SDK retries with backoff, a bounded number of times. */
const BOUNDED = {
  maxAttempts: 4,
  requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000 },
};

/**
 * Where a client connects: the AWS region, or (locally and in tests) an endpoint on loopback
 * with throwaway credentials.
 */
export interface AwsTarget {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Step Functions, with faults that outlast the SDK's retries raised as RetryableError. */
export function stepFunctionsClient(target: AwsTarget): SFNClient {
  const client = new SFNClient({ ...BOUNDED, ...target });
  client.middlewareStack.add(retryableOnTransientFault('Step Functions'), {
    step: 'initialize',
    name: 'retryableOnTransientFault',
  });
  return client;
}

/** SNS, with faults that outlast the SDK's retries raised as RetryableError. */
export function snsClient(target: AwsTarget): SNSClient {
  const client = new SNSClient({ ...BOUNDED, ...target });
  client.middlewareStack.add(retryableOnTransientFault('SNS'), {
    step: 'initialize',
    name: 'retryableOnTransientFault',
  });
  return client;
}
