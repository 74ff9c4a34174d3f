import type { EnginePolicy, Telemetry } from '@agentcore/adapters';
import type { McpClient } from '@agentcore/mcp';
import type { DynamoAuditRepository, DynamoConfigRepository } from '@agentcore/store';
import type { Context } from 'hono';
import type { ApiKeyLookup } from '../authentication.js';
import type { Principal } from '../principal.js';
import type { CallRoutesDeps } from '../routes/calls.js';
import type { RequestRoutesDeps } from '../routes/requests.js';
import type { ApiContext, ApiEnv, Authenticate } from '../routing.js';
import type { AdminSessionStore } from './session-store.js';

/** What the admin UI needs of its own: where sign-ins live, and the keys they stand on. */
export interface AdminParts {
  sessions: AdminSessionStore;
  keys: ApiKeyLookup;
  /** How long a sign-in lasts (default 8 hours). */
  sessionSeconds?: number;
}

/** The admin UI uses the same ports as the API routes: its pages call the same functions. */
export type AdminDeps = RequestRoutesDeps &
  CallRoutesDeps & {
    telemetry: Telemetry;
    authenticate: Authenticate;
    mcp: McpClient;
    policy: EnginePolicy;
    config: DynamoConfigRepository;
    auditLog: DynamoAuditRepository;
    admin: AdminParts;
  };

export interface AdminEnv {
  Variables: ApiEnv['Variables'] & {
    /** This response's CSP nonce, for its one style sheet and (where live) its one script. */
    nonce: string;
    /** The signed-in session's CSRF token, put in every form. */
    csrf: string;
  };
}

export type { Principal };

export type AdminContext = Context<AdminEnv>;

/** The API's functions take the API's context: the admin one carries the same and more. */
export function asApiContext(c: AdminContext): ApiContext {
  return c as unknown as ApiContext;
}
