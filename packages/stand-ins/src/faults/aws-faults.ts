/**
 * An error reply as an AWS service sends it: the status, the content type, and the error
 * document, built around the request id that the reply also carries as `x-amzn-RequestId`.
 */
export interface AwsFault {
  readonly status: number;
  readonly contentType: string;
  readonly body: (requestId: string) => string;
}

/** An AWS JSON protocol error (`{"__type", "message"}`), as DynamoDB and Step Functions send it. */
export function awsJsonFault(
  status: number,
  type: string,
  message: string,
  jsonVersion: '1.0' | '1.1' = '1.0',
): AwsFault {
  return {
    status,
    contentType: `application/x-amz-json-${jsonVersion}`,
    body: () => JSON.stringify({ __type: type, message }),
  };
}

const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** An AWS Query protocol `<ErrorResponse>`, as SNS sends it; 5xx are the `Receiver`'s fault. */
export function awsQueryFault(
  status: number,
  code: string,
  message: string,
  xmlns: string = SNS_XMLNS,
): AwsFault {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return {
    status,
    contentType: 'text/xml',
    body: (requestId) =>
      `<ErrorResponse xmlns="${xmlns}"><Error><Type>${type}</Type><Code>${code}</Code>` +
      `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

/**
 * The transient faults our AWS calls meet, in the services' own wire shapes. The comment on each
 * says how the AWS SDK for JavaScript v3 surfaces it (`error.name`, `$metadata.httpStatusCode`).
 */
export const AWS_FAULTS = {
  /** `ProvisionedThroughputExceededException`, 400 (modelled; the SDK retries it as throttling). */
  dynamoDbThrottle: awsJsonFault(
    400,
    'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    'The level of configured provisioned throughput for the table was exceeded. ' +
      'Consider increasing your provisioning level with the UpdateTable API.',
  ),
  /** `ThrottlingException`, 400 (modelled). */
  dynamoDbThrottlingException: awsJsonFault(
    400,
    'com.amazonaws.dynamodb.v20120810#ThrottlingException',
    'Throughput exceeds the current throughput limit for your account.',
  ),
  /** `InternalServerError`, 500 (modelled). */
  dynamoDbInternalServerError: awsJsonFault(
    500,
    'com.amazonaws.dynamodb.v20120810#InternalServerError',
    'Internal server error',
  ),
  /** `InternalFailure`, 500 (AWS's common error; not modelled, so an `SFNServiceException`). */
  stepFunctionsInternalFailure: awsJsonFault(
    500,
    'com.amazon.coral.service#InternalFailure',
    'An internal error occurred.',
  ),
  /** `ThrottlingException`, 400 (AWS's common error; not modelled, so an `SFNServiceException`). */
  stepFunctionsThrottling: awsJsonFault(
    400,
    'com.amazon.coral.availability#ThrottlingException',
    'Rate exceeded',
  ),
  /** Code `InternalError`, 500: the SDK maps it to its modelled `InternalErrorException`. */
  snsInternalError: awsQueryFault(500, 'InternalError', 'Request could not be completed.'),
  /** Code `Throttling`, 400 (AWS's common Query throttle; not modelled, name `Throttling`). */
  snsThrottling: awsQueryFault(400, 'Throttling', 'Rate exceeded'),
  /** Code `Throttled`, 429: what Publish documents; the SDK maps it to `ThrottledException`. */
  snsThrottled: awsQueryFault(429, 'Throttled', 'Rate exceeded'),
} as const satisfies Record<string, AwsFault>;
