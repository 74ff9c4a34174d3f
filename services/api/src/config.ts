import {
  DirectorySettings,
  LogSettings,
  PolicySettings,
  parseConfiguration,
  StateMachineSettings,
  StoreSettings,
} from '@agentcore/adapters';
import { SealingKeySettings } from '@agentcore/store';
import * as z from 'zod';

export const ApiConfigSchema = z.object({
  ...StoreSettings,
  ...StateMachineSettings,
  ...DirectorySettings,
  ...LogSettings,
  ...PolicySettings,
  ...SealingKeySettings,
  /**
   * Who the caller is: `api_key` (keys this API issued) or `jwt_authorizer` (API Gateway's JWT
   * authorizer verified the token; the principal is its claims).
   */
  API_AUTH: z.enum(['api_key', 'jwt_authorizer']).default('api_key'),
  /** Submissions per caller per minute (per instance). */
  API_SUBMISSIONS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
  /** How long one event stream may stay open (a Lambda response stream ends at 15 minutes). */
  API_STREAM_MAX_SECONDS: z.coerce.number().int().min(1).max(900).default(840),
  /** How often an open event stream looks for news. */
  API_STREAM_POLL_MS: z.coerce.number().int().min(50).max(10_000).default(250),
});
export type ApiConfig = z.output<typeof ApiConfigSchema>;

export function parseApiConfig(env: Readonly<Record<string, string | undefined>>): ApiConfig {
  return parseConfiguration('api', ApiConfigSchema, env);
}
