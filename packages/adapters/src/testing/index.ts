import { createDocumentClient } from '@agentcore/store';
import { snsClient, stepFunctionsClient } from '../aws-clients.js';

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
