import { type GoogleApiOptions, ImpersonatedApi } from '@agentcore/google-workspace';
import { drive, type drive_v3 } from '@googleapis/drive';
import type { DriveApi, DriveFile, DrivePage, FilePage, NewFile } from './drive-api.js';

/** Documents are read, created, changed, shared and deleted: Drive's full scope. */
export const DRIVE_SCOPES = ['https://www.googleapis.com/auth/drive'] as const;

/** The file fields the tools report. */
export const FILE_FIELDS =
  'id, name, mimeType, owners, createdTime, modifiedTime, size, webViewLink, permissions, parents, trashed';

export type GoogleDriveOptions = GoogleApiOptions;

const ALL_DRIVES = { supportsAllDrives: true } as const;

/**
 * Drive v3 through `@googleapis/drive`, as the user who asked: a service account with
 * domain-wide delegation whose JWT `subject` is that user, so each person sees and changes only
 * what Drive lets them. Each call has a timeout and bounded retries of its own (`ImpersonatedApi`).
 */
export class GoogleDrive implements DriveApi {
  private readonly google: ImpersonatedApi<drive_v3.Drive>;

  constructor(private readonly options: GoogleDriveOptions) {
    this.google = new ImpersonatedApi('Google Drive API', {
      ...options,
      scopes: DRIVE_SCOPES,
      build: (auth, rootUrl) => drive({ version: 'v3', auth, rootUrl }),
    });
  }

  async listFiles(
    user: string,
    params: { readonly q: string; readonly pageSize: number; readonly pageToken?: string },
  ): Promise<FilePage> {
    const data = await this.google.call(user, true, (api, call) =>
      api.files.list(
        {
          q: params.q,
          pageSize: params.pageSize,
          ...(params.pageToken === undefined ? {} : { pageToken: params.pageToken }),
          corpora: 'allDrives',
          includeItemsFromAllDrives: true,
          ...ALL_DRIVES,
          fields: `nextPageToken, files(${FILE_FIELDS})`,
        },
        call,
      ),
    );
    return { files: data.files ?? [], nextPageToken: data.nextPageToken ?? undefined };
  }

  async getFile(user: string, fileId: string): Promise<DriveFile> {
    return this.google.call(user, true, (api, call) =>
      api.files.get({ fileId, ...ALL_DRIVES, fields: FILE_FIELDS }, call),
    );
  }

  async exportText(user: string, fileId: string): Promise<string> {
    const data = await this.google.call(user, true, (api, call) =>
      api.files.export({ fileId, mimeType: 'text/plain' }, { ...call, responseType: 'text' }),
    );
    return typeof data === 'string' ? data : String(data ?? '');
  }

  // A create is not repeated after a fault that may have reached Google (5xx, timeouts).
  async createFile(user: string, file: NewFile): Promise<DriveFile> {
    return this.google.call(user, false, (api, call) =>
      api.files.create(
        {
          requestBody: {
            name: file.name,
            mimeType: file.mimeType,
            ...(file.parentId === undefined ? {} : { parents: [file.parentId] }),
          },
          ...(file.content === undefined
            ? {}
            : { media: { mimeType: 'text/plain', body: file.content } }),
          ...ALL_DRIVES,
          fields: FILE_FIELDS,
        },
        this.withUploadRoot(call),
      ),
    );
  }

  async updateFile(
    user: string,
    fileId: string,
    change: { readonly name?: string; readonly trashed?: boolean },
  ): Promise<DriveFile> {
    return this.google.call(user, true, (api, call) =>
      api.files.update(
        { fileId, requestBody: { ...change }, ...ALL_DRIVES, fields: FILE_FIELDS },
        call,
      ),
    );
  }

  async replaceContent(user: string, fileId: string, content: string): Promise<void> {
    await this.google.call(user, true, (api, call) =>
      api.files.update(
        { fileId, media: { mimeType: 'text/plain', body: content }, ...ALL_DRIVES },
        this.withUploadRoot(call),
      ),
    );
  }

  async deleteFile(user: string, fileId: string): Promise<void> {
    await this.google.call(user, true, (api, call) =>
      api.files.delete({ fileId, ...ALL_DRIVES }, call),
    );
  }

  async copyFile(
    user: string,
    fileId: string,
    copy: { readonly name?: string; readonly parentId?: string },
  ): Promise<DriveFile> {
    return this.google.call(user, false, (api, call) =>
      api.files.copy(
        {
          fileId,
          requestBody: {
            ...(copy.name === undefined ? {} : { name: copy.name }),
            ...(copy.parentId === undefined ? {} : { parents: [copy.parentId] }),
          },
          ...ALL_DRIVES,
          fields: FILE_FIELDS,
        },
        call,
      ),
    );
  }

  async shareWriter(user: string, fileId: string, email: string): Promise<void> {
    // Giving the same person the same role twice leaves one permission: safe to repeat.
    await this.google.call(user, true, (api, call) =>
      api.permissions.create(
        {
          fileId,
          requestBody: { type: 'user', role: 'writer', emailAddress: email },
          ...ALL_DRIVES,
        },
        call,
      ),
    );
  }

  async listDrives(
    user: string,
    params: { readonly q?: string; readonly pageSize: number; readonly pageToken?: string },
  ): Promise<DrivePage> {
    const data = await this.google.call(user, true, (api, call) =>
      api.drives.list(
        {
          pageSize: params.pageSize,
          ...(params.q === undefined ? {} : { q: params.q }),
          ...(params.pageToken === undefined ? {} : { pageToken: params.pageToken }),
          fields: 'nextPageToken, drives(id, name, createdTime, capabilities, restrictions)',
        },
        call,
      ),
    );
    return { drives: data.drives ?? [], nextPageToken: data.nextPageToken ?? undefined };
  }

  // The client's rootUrl moves API calls but not uploads (their mediaUrl); a per-call rootUrl
  // moves both, so uploads reach the same host as everything else.
  private withUploadRoot<T extends object>(call: T): T & { rootUrl: string } {
    return { ...call, rootUrl: this.options.rootUrl };
  }
}
