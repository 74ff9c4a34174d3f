import { readRequestMeta } from '@agentcore/mcp';
import { GoogleWorkspaceError } from './errors.js';

/**
 * Whose data a call acts on: the requester the caller put in the call's `_meta` (our MCP client
 * sets it from the authenticated request), never a tool argument a model could choose. `product`
 * names the server in the refusal ("Google Calendar").
 */
export function requesterEmail(meta: unknown, product: string): string {
  const email = readRequestMeta(meta).requester?.email;
  if (email === undefined) {
    throw new GoogleWorkspaceError(
      'no_requester',
      `${product} acts as the person who asks, and this call carries no requester email`,
    );
  }
  return email.toLowerCase();
}
