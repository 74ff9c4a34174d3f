import { requesterEmail as requesterOf } from '@agentcore/google-workspace';
import type { DriveApi, DriveFile } from '../drive-api.js';
import { MIME_TYPES } from '../schemas.js';

export { CREATING_WRITE, DESTRUCTIVE_WRITE, READ_ONLY } from '@agentcore/google-workspace';

/** What every tool is given: the Drive API and where customers' folders start. */
export interface ToolDeps {
  readonly drive: DriveApi;
  readonly customerFolderId: string | undefined;
}

/** Whose Drive the call acts on: the requester in the call's `_meta`, never a tool argument. */
export function requesterEmail(meta: unknown): string {
  return requesterOf(meta, 'Google Drive');
}

/** A value inside single quotes of a Drive query: backslashes and quotes escaped. */
export function quoted(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export const FOLDER = MIME_TYPES.folder;

export function fileSummary(file: DriveFile) {
  return {
    id: file.id ?? '',
    name: file.name ?? '',
    mime_type: file.mimeType ?? '',
    owners: (file.owners ?? []).map((owner) => owner.emailAddress ?? ''),
    created_time: file.createdTime ?? '',
    modified_time: file.modifiedTime ?? '',
    ...(file.size ? { size: file.size } : {}),
    web_view_link: file.webViewLink ?? '',
    permissions: (file.permissions ?? []).map((permission) => ({
      email: permission.emailAddress ?? '',
      role: permission.role ?? '',
      type: permission.type ?? '',
    })),
  };
}

export function createdSummary(file: DriveFile) {
  return {
    id: file.id ?? '',
    name: file.name ?? '',
    mime_type: file.mimeType ?? '',
    web_view_link: file.webViewLink ?? '',
    created_time: file.createdTime ?? '',
  };
}

/** Shares with each email not yet holding a user permission; says who was added. */
export async function shareWithWriters(
  deps: ToolDeps,
  user: string,
  file: DriveFile,
  emails: readonly string[] | undefined,
): Promise<string[]> {
  const present = new Set(
    (file.permissions ?? [])
      .filter((permission) => permission.type === 'user')
      .map((permission) => permission.emailAddress?.toLowerCase()),
  );
  const added: string[] = [];
  for (const email of new Set((emails ?? []).map((entry) => entry.toLowerCase()))) {
    if (present.has(email)) continue;
    await deps.drive.shareWriter(user, file.id ?? '', email);
    added.push(email);
  }
  return added;
}
