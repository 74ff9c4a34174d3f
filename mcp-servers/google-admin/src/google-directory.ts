import {
  type CallOptions,
  type GoogleApiOptions,
  ImpersonatedApi,
} from '@agentcore/google-workspace';
import { admin, type admin_directory_v1 } from '@googleapis/admin';
import type { DirectoryUser, ListUsersParams, UserDirectory, UserPage } from './directory.js';

/** The least the tools need: users (read, create, suspend, custom schemas) and 2SV turn-off. */
export const DIRECTORY_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user',
  'https://www.googleapis.com/auth/admin.directory.user.security',
] as const;

export interface GoogleDirectoryOptions extends GoogleApiOptions {
  /** The admin the service account acts as (domain-wide delegation). */
  readonly subject: string;
}

/**
 * The Directory API through `@googleapis/admin`, authorised by a service account with
 * domain-wide delegation (`google-auth-library` JWT) acting as the configured admin. Each call
 * has a timeout and bounded retries of its own (`ImpersonatedApi`).
 */
export class GoogleDirectory implements UserDirectory {
  private readonly google: ImpersonatedApi<admin_directory_v1.Admin>;

  constructor(private readonly options: GoogleDirectoryOptions) {
    this.google = new ImpersonatedApi('Google Admin API', {
      ...options,
      scopes: DIRECTORY_SCOPES,
      build: (auth, rootUrl) => admin({ version: 'directory_v1', auth, rootUrl }),
    });
  }

  async listUsers(params: ListUsersParams): Promise<UserPage> {
    const data = await this.call(true, (api, call) =>
      api.users.list(
        {
          ...(params.customer === undefined ? {} : { customer: params.customer }),
          ...(params.domain === undefined ? {} : { domain: params.domain }),
          maxResults: params.maxResults,
          orderBy: params.orderBy,
          ...(params.sortOrder === undefined ? {} : { sortOrder: params.sortOrder }),
          ...(params.query === undefined ? {} : { query: params.query }),
          ...(params.pageToken === undefined ? {} : { pageToken: params.pageToken }),
        },
        call,
      ),
    );
    return { users: data.users ?? [], nextPageToken: data.nextPageToken ?? undefined };
  }

  getUser(userKey: string, options: { readonly customSchema?: string } = {}) {
    return this.call(true, (api, call) =>
      api.users.get(
        options.customSchema === undefined
          ? { userKey, projection: 'full' }
          : { userKey, projection: 'custom', customFieldMask: options.customSchema },
        call,
      ),
    );
  }

  // A create is not repeated after a fault that may have reached Google (5xx, timeouts): only
  // refusals that say the request was not processed (429, rate-limit 403s) are retried.
  insertUser(user: DirectoryUser) {
    return this.call(false, (api, call) => api.users.insert({ requestBody: user }, call));
  }

  updateUser(userKey: string, patch: DirectoryUser) {
    return this.call(true, (api, call) => api.users.update({ userKey, requestBody: patch }, call));
  }

  async turnOffTwoStepVerification(userKey: string): Promise<void> {
    await this.call(true, (api, call) => api.twoStepVerification.turnOff({ userKey }, call));
  }

  private call<T>(
    idempotent: boolean,
    send: (api: admin_directory_v1.Admin, call: CallOptions) => Promise<{ data: T }>,
  ): Promise<T> {
    return this.google.call(this.options.subject, idempotent, send);
  }
}
