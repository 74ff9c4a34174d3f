import type { admin_directory_v1 } from '@googleapis/admin';

export type DirectoryUser = admin_directory_v1.Schema$User;

export interface ListUsersParams {
  readonly customer?: string;
  readonly domain?: string;
  readonly maxResults: number;
  readonly orderBy: 'email' | 'givenName' | 'familyName';
  readonly sortOrder?: 'ASCENDING' | 'DESCENDING';
  readonly query?: string;
  readonly pageToken?: string;
}

export interface UserPage {
  readonly users: readonly DirectoryUser[];
  readonly nextPageToken: string | undefined;
}

/**
 * The Directory API calls the tools make (the port; `GoogleDirectory` is the adapter). Every
 * method rejects with a GoogleWorkspaceError carrying Google's message.
 */
export interface UserDirectory {
  listUsers(params: ListUsersParams): Promise<UserPage>;
  /** `full` includes custom schemas; `fieldMask` limits them to the named schemas. */
  getUser(userKey: string, options?: { readonly customSchema?: string }): Promise<DirectoryUser>;
  insertUser(user: DirectoryUser): Promise<DirectoryUser>;
  /** users.update: omitted fields are kept; arrays given are written whole. */
  updateUser(userKey: string, patch: DirectoryUser): Promise<DirectoryUser>;
  turnOffTwoStepVerification(userKey: string): Promise<void>;
}
