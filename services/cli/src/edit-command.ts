import type { RequestView } from '@agentcore/workflow';
import { answer, type Context, type Outcome, UsageError } from './outcome.js';
import { renderRequest } from './render.js';

export interface EditOptions {
  requestId: string;
  call?: string;
  args?: string;
  comment?: string;
}

function callIndex(value: string | undefined): number {
  if (value === undefined)
    throw new UsageError('--call N is required: which call to edit (0 is the first)');
  const index = Number(value);
  if (!Number.isInteger(index) || index < 0) {
    throw new UsageError(`--call must be a call's position, 0 or more, not "${value}"`);
  }
  return index;
}

function argumentsOf(value: string | undefined): Record<string, unknown> {
  if (value === undefined)
    throw new UsageError("--args '{…}' is required: the call's new arguments");
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError(`--args is not JSON: ${value}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(
      '--args must be a JSON object, e.g. --args \'{"email":"bob@example.com"}\'',
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * `POST /requests/{id}/calls`: an approver amends one proposed call's arguments before deciding.
 * Policy decides the edited request again, and the votes cast so far no longer count.
 */
export async function editCall(context: Context, options: EditOptions): Promise<Outcome> {
  const edit = { call: callIndex(options.call), arguments: argumentsOf(options.args) };
  const { request } = await context
    .api()
    .call<{ request: RequestView }>(
      'POST',
      `/requests/${encodeURIComponent(options.requestId)}/calls`,
      {
        body: { edits: [edit], comment: options.comment },
        // The same edit again changes nothing.
        idempotent: true,
      },
    );
  const outcome =
    request.status === 'pending'
      ? `Call ${edit.call} is edited; policy decided again, and the request waits for approval anew (${request.policy?.quorum ?? 1} needed).`
      : `Call ${edit.call} is edited; the request is now ${request.status}${request.statusReason ? `: ${request.statusReason}` : ''}.`;
  return answer(context.io, { ok: true, request }, `${outcome}\n${renderRequest(request)}`);
}
