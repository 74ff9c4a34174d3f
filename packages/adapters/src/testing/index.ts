import { createDocumentClient } from '@agentcore/store';
import { snsClient, stepFunctionsClient } from '../aws-clients.js';
import { functionTelemetry } from '../telemetry.js';

/**
 * Real SDK clients (DynamoDB, Step Functions, SNS) that refuse to send: each request is recorded
 * by service and failed before it leaves, so a function's `compose` can be built in a unit test
 * and shown to touch no network. Its log lines are collected too.
 */
export function offlineParts() {
  const sent: string[] = [];
  const lines: string[] = [];
  const target = {
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:9',
    credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
  };
  const refuse = (service: string) => () => async () => {
    sent.push(service);
    throw new Error(`${service} is offline in unit tests`);
  };
  const offline = { step: 'initialize', name: 'offline' } as const;
  const documents = createDocumentClient(target);
  documents.middlewareStack.add(refuse('DynamoDB'), offline);
  const sfn = stepFunctionsClient(target);
  sfn.middlewareStack.add(refuse('Step Functions'), offline);
  const sns = snsClient(target);
  sns.middlewareStack.add(refuse('SNS'), offline);
  return {
    sent,
    lines,
    parts: { documents, sfn, sns, logSink: (line: string) => lines.push(line) },
  };
}

/** One JSON log or metrics line, parsed. */
export type LogLine = Record<string, unknown>;

/**
 * A function's real telemetry with every line captured: the raw lines, the log lines and the
 * EMF metrics lines, parsed. `env` plays the function's environment (secrets to redact).
 */
export function capturedTelemetry(
  functionName: string,
  env: Readonly<Record<string, string | undefined>>,
) {
  const lines: string[] = [];
  const telemetry = functionTelemetry(functionName, env, {
    level: 'INFO',
    sink: (line) => lines.push(line),
  });
  const parsed = () => lines.map((line) => JSON.parse(line) as LogLine);
  return {
    telemetry,
    lines,
    logs: () => parsed().filter((line) => !('_aws' in line)),
    metrics: () => parsed().filter((line) => '_aws' in line),
  };
}
