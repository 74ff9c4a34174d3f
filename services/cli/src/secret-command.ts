import type { RequestView } from '@agentcore/workflow';
import { hasSealedOutput } from '@agentcore/workflow';
import { ApiError } from './api-client.js';
import { answer, type Context, type Outcome } from './outcome.js';

interface Secrets {
  requestId: string;
  secrets: { tool: string; output: string; digest: string; sealedAt: string }[];
}

const secretPath = (requestId: string) => `/requests/${encodeURIComponent(requestId)}/secret`;

function displayTool(tool: string): string {
  return tool.replace('__', '/');
}

function renderSecrets(answered: Secrets): string {
  return [
    `Secret of request ${answered.requestId}, for you alone (shown once; the system no longer keeps it):`,
    ...answered.secrets.map((secret) => `  ${displayTool(secret.tool)}: ${secret.output}`),
  ].join('\n');
}

/** `GET /requests/{id}/secret`: what the request's tools returned as secrets, once, to its requester. */
export async function secret(context: Context, requestId: string): Promise<Outcome> {
  const answered = await context.api().call<Secrets>('GET', secretPath(requestId));
  return answer(context.io, { ok: true, ...answered }, renderSecrets(answered));
}

/**
 * `run --wait` for a request whose tools returned a secret: the requester waiting on it reads
 * the secret at once (it is then gone). Were it read already, they are told so, not failed.
 */
export async function withSecret(
  context: Context,
  request: RequestView,
  outcome: Outcome,
): Promise<Outcome> {
  if (request.status !== 'completed' || !hasSealedOutput(request.result?.output)) return outcome;
  let text: string;
  let json: Record<string, unknown>;
  try {
    const answered = await context.api().call<Secrets>('GET', secretPath(request.requestId));
    text = renderSecrets(answered);
    json = { secrets: answered.secrets };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    text = `Its secret could not be shown: ${error.body.message}`;
    json = { secretError: error.body };
  }
  if (context.io.json) {
    return {
      ...outcome,
      stdout: JSON.stringify({ ...JSON.parse(outcome.stdout ?? '{}'), ...json }),
    };
  }
  return { ...outcome, stdout: `${outcome.stdout ?? ''}\n\n${text}` };
}
