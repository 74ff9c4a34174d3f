import type { drive_v3 } from '@googleapis/drive';

export type DriveFile = drive_v3.Schema$File;
export type SharedDrive = drive_v3.Schema$Drive;

export interface FilePage {
  readonly files: readonly DriveFile[];
  readonly nextPageToken: string | undefined;
}

export interface DrivePage {
  readonly drives: readonly SharedDrive[];
  readonly nextPageToken: string | undefined;
}

export interface NewFile {
  readonly name: string;
  readonly mimeType: string;
  readonly parentId?: string;
  /** Plain text Drive converts into the new Google Doc. */
  readonly content?: string;
}

/**
 * The Drive v3 calls the tools make, each as `user` (the service account impersonates them):
 * the port; `GoogleDrive` is the adapter. Shared drives are always included. Every method
 * rejects with a GoogleWorkspaceError carrying Google's message.
 */
export interface DriveApi {
  listFiles(
    user: string,
    params: { readonly q: string; readonly pageSize: number; readonly pageToken?: string },
  ): Promise<FilePage>;
  getFile(user: string, fileId: string): Promise<DriveFile>;
  /** A Google Doc's text. */
  exportText(user: string, fileId: string): Promise<string>;
  createFile(user: string, file: NewFile): Promise<DriveFile>;
  updateFile(
    user: string,
    fileId: string,
    change: { readonly name?: string; readonly trashed?: boolean },
  ): Promise<DriveFile>;
  /** Replaces a Google Doc's text (Drive converts the plain text upload). */
  replaceContent(user: string, fileId: string, content: string): Promise<void>;
  deleteFile(user: string, fileId: string): Promise<void>;
  copyFile(
    user: string,
    fileId: string,
    copy: { readonly name?: string; readonly parentId?: string },
  ): Promise<DriveFile>;
  /** Gives `email` writer access. */
  shareWriter(user: string, fileId: string, email: string): Promise<void>;
  listDrives(
    user: string,
    params: { readonly q?: string; readonly pageSize: number; readonly pageToken?: string },
  ): Promise<DrivePage>;
}
