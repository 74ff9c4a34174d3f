import { randomUUID } from 'node:crypto';
import type { RecordedRequest, StandInReply } from '../http/stand-in-server.js';
import { DriveQueryError, parseDriveQuery } from './drive-query.js';
import {
  DOCUMENT_MIME,
  type DrivePermission,
  type DriveState,
  FOLDER_MIME,
  fileIdFor,
  PRESENTATION_MIME,
  SPREADSHEET_MIME,
  type StoredFile,
} from './drive-state.js';
import { googleErrorBody } from './errors.js';

const SCOPE = 'https://www.googleapis.com/auth/';
const READ_SCOPES = [`${SCOPE}drive`, `${SCOPE}drive.readonly`, `${SCOPE}drive.file`];
const WRITE_SCOPES = [`${SCOPE}drive`, `${SCOPE}drive.file`];

/** What the Drive routes need from the Workspace stand-in they are served by. */
export interface DriveRouteContext {
  /** The active user the bearer token acts for (domain-wide delegation), or the refusal. */
  caller(request: RecordedRequest, anyOf: readonly string[]): string | StandInReply;
  readonly state: DriveState;
  now(): number;
  /** Called after every change, so the sandbox can be kept. */
  changed(): void;
}

const fail = (status: number, message: string, reason: string): StandInReply => ({
  status,
  json: googleErrorBody(status, message, reason),
});
const fileNotFound = (id: string) => fail(404, `File not found: ${id}.`, 'notFound');
const invalidQuery = (): StandInReply => ({
  status: 400,
  json: {
    error: {
      code: 400,
      message: 'Invalid Value',
      errors: [
        {
          message: 'Invalid Value',
          domain: 'global',
          reason: 'invalid',
          location: 'q',
          locationType: 'parameter',
        },
      ],
    },
  },
});

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(body === '' ? '{}' : body));
  } catch {
    return undefined;
  }
}

/** The metadata and content of a `multipart/related` upload, as the client libraries send it. */
function multipart(request: RecordedRequest): { meta: string; content: string } | undefined {
  const boundary = /boundary="?([^";]+)"?/i.exec(request.headers['content-type'] ?? '')?.[1];
  if (!boundary) return undefined;
  const parts = request.body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const split = part.indexOf('\r\n\r\n');
      return split < 0 ? '' : part.slice(split + 4).replace(/\r\n$/, '');
    });
  if (parts.length < 1) return undefined;
  return { meta: parts[0] ?? '{}', content: parts[1] ?? '' };
}

function webViewLink(file: StoredFile): string {
  switch (file.mimeType) {
    case FOLDER_MIME:
      return `https://drive.google.com/drive/folders/${file.id}`;
    case DOCUMENT_MIME:
      return `https://docs.google.com/document/d/${file.id}/edit?usp=drivesdk`;
    case SPREADSHEET_MIME:
      return `https://docs.google.com/spreadsheets/d/${file.id}/edit?usp=drivesdk`;
    case PRESENTATION_MIME:
      return `https://docs.google.com/presentation/d/${file.id}/edit?usp=drivesdk`;
    default:
      return `https://drive.google.com/file/d/${file.id}/view?usp=drivesdk`;
  }
}

function pageOf<T>(items: readonly T[], request: RecordedRequest, fallback: number, max: number) {
  const size = Number(request.query.pageSize ?? String(fallback));
  if (!Number.isInteger(size) || size < 1 || size > max) return undefined;
  let offset = 0;
  if (request.query.pageToken !== undefined) {
    const decoded = /^offset:(\d+)$/.exec(
      Buffer.from(request.query.pageToken, 'base64url').toString('utf8'),
    );
    if (!decoded?.[1]) return undefined;
    offset = Number(decoded[1]);
  }
  const end = offset + size;
  return {
    page: items.slice(offset, end),
    ...(end < items.length ? { next: Buffer.from(`offset:${end}`).toString('base64url') } : {}),
  };
}

/**
 * Drive v3 on the Workspace stand-in: files (list with Drive's query language and paging, get,
 * create with multipart upload, update, copy, delete with 204, export of Docs as text),
 * permissions and shared drives, as the impersonated user sees them; shared-drive items only
 * for clients that say they support them. Answers undefined for paths it does not serve.
 */
export function driveRoute(
  request: RecordedRequest,
  context: DriveRouteContext,
): StandInReply | undefined {
  const upload = request.path.startsWith('/upload/drive/v3/');
  if (!upload && !request.path.startsWith('/drive/v3/')) return undefined;
  const path = request.path.slice(upload ? '/upload/drive/v3'.length : '/drive/v3'.length);
  const reading = request.method === 'GET';
  const caller = context.caller(request, reading ? READ_SCOPES : WRITE_SCOPES);
  if (typeof caller !== 'string') return caller;
  const { state } = context;
  const allDrives = request.query.supportsAllDrives === 'true';
  const memberOf = (driveId: string) =>
    state.drives.some((drive) => drive.id === driveId && drive.members.includes(caller));
  const roleOf = (file: StoredFile): DrivePermission['role'] | undefined => {
    if (file.driveId !== undefined) return memberOf(file.driveId) ? 'writer' : undefined;
    return file.permissions.find((permission) => permission.emailAddress === caller)?.role;
  };
  const visible = (file: StoredFile) =>
    roleOf(file) !== undefined && (file.driveId === undefined || allDrives);
  const find = (id: string) => state.files.find((file) => file.id === id && visible(file));
  const stamp = () => new Date(context.now()).toISOString();
  const view = (file: StoredFile) => ({
    kind: 'drive#file',
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    parents: file.parents.map((parent) =>
      parent === 'root' ? fileIdFor(`root|${file.ownerEmail}`) : parent,
    ),
    ...(file.driveId ? { driveId: file.driveId } : {}),
    owners: file.ownerEmail
      ? [{ kind: 'drive#user', emailAddress: file.ownerEmail, me: file.ownerEmail === caller }]
      : [],
    createdTime: file.createdTime,
    modifiedTime: file.modifiedTime,
    trashed: file.trashed,
    ...(file.mimeType.startsWith('application/vnd.google-apps')
      ? {}
      : { size: String(Buffer.byteLength(file.content ?? '') || 1024) }),
    webViewLink: webViewLink(file),
    permissions: file.permissions.map((permission) => ({
      kind: 'drive#permission',
      ...permission,
    })),
  });
  const writable = (file: StoredFile) => {
    const role = roleOf(file);
    return role === 'owner' || role === 'organizer' || role === 'writer';
  };
  const canWriteInto = (parent: string) => {
    if (parent === 'root') return true;
    const folder = find(parent);
    return folder !== undefined && folder.mimeType === FOLDER_MIME && writable(folder);
  };
  const placed = (parents: unknown): { parents: string[]; driveId?: string } | StandInReply => {
    const wanted = Array.isArray(parents) && typeof parents[0] === 'string' ? parents[0] : 'root';
    if (!canWriteInto(wanted)) return fileNotFound(wanted);
    const driveId = wanted === 'root' ? undefined : find(wanted)?.driveId;
    return { parents: [wanted], ...(driveId ? { driveId } : {}) };
  };
  const created = (
    name: string,
    mimeType: string,
    where: { parents: string[]; driveId?: string },
  ) => {
    const stampNow = stamp();
    const file: StoredFile = {
      id: fileIdFor(randomUUID()),
      name,
      mimeType,
      ...where,
      ...(where.driveId ? {} : { ownerEmail: caller }),
      createdTime: stampNow,
      modifiedTime: stampNow,
      trashed: false,
      permissions: where.driveId
        ? []
        : [
            {
              id: fileIdFor(`perm|${caller}`).slice(0, 20),
              type: 'user',
              role: 'owner',
              emailAddress: caller,
            },
          ],
    };
    state.files.push(file);
    return file;
  };

  if (path === '/files' && reading) {
    let query: ReturnType<typeof parseDriveQuery>;
    try {
      query = parseDriveQuery(request.query.q ?? '');
    } catch (error) {
      if (error instanceof DriveQueryError) return invalidQuery();
      throw error;
    }
    const includeDrives = allDrives && request.query.includeItemsFromAllDrives === 'true';
    const matching = state.files
      .filter((file) => roleOf(file) !== undefined && (file.driveId === undefined || includeDrives))
      .filter((file) =>
        query({
          name: file.name,
          mimeType: file.mimeType,
          parents: file.parents,
          owners:
            file.ownerEmail && file.ownerEmail === caller
              ? [caller, 'me']
              : file.ownerEmail
                ? [file.ownerEmail]
                : [],
          trashed: file.trashed,
          fullText: file.content ?? '',
        }),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    const paged = pageOf(matching, request, 100, 1000);
    if (!paged) return fail(400, 'Invalid Value', 'invalid');
    return {
      status: 200,
      json: {
        kind: 'drive#fileList',
        incompleteSearch: false,
        files: paged.page.map(view),
        ...(paged.next ? { nextPageToken: paged.next } : {}),
      },
    };
  }

  if (path === '/files' && request.method === 'POST') {
    const parts = upload ? multipart(request) : { meta: request.body, content: undefined };
    const meta = parts ? parseObject(parts.meta) : undefined;
    if (!meta) return fail(400, 'Invalid JSON payload received.', 'parseError');
    const where = placed(meta.parents);
    if ('status' in where) return where;
    const mimeType = typeof meta.mimeType === 'string' ? meta.mimeType : 'application/octet-stream';
    const file = created(typeof meta.name === 'string' ? meta.name : 'Untitled', mimeType, where);
    if (parts?.content !== undefined) file.content = parts.content;
    context.changed();
    return { status: 200, json: view(file) };
  }

  if (path === '/drives' && reading) {
    const text = request.query.q ?? '';
    let query: ReturnType<typeof parseDriveQuery>;
    try {
      query = parseDriveQuery(text);
    } catch (error) {
      if (error instanceof DriveQueryError) return invalidQuery();
      throw error;
    }
    const drives = state.drives.filter(
      (drive) =>
        drive.members.includes(caller) &&
        query({
          name: drive.name,
          mimeType: '',
          parents: [],
          owners: [],
          trashed: false,
          fullText: '',
        }),
    );
    const paged = pageOf(drives, request, 10, 100);
    if (!paged) return fail(400, 'Invalid Value', 'invalid');
    return {
      status: 200,
      json: {
        kind: 'drive#driveList',
        drives: paged.page.map((drive) => ({
          kind: 'drive#drive',
          id: drive.id,
          name: drive.name,
          createdTime: drive.createdTime,
          capabilities: { canAddChildren: true, canEdit: true, canShare: true },
          restrictions: { domainUsersOnly: true, driveMembersOnly: false },
        })),
        ...(paged.next ? { nextPageToken: paged.next } : {}),
      },
    };
  }

  const single = /^\/files\/([^/]+)(\/export|\/copy|\/permissions)?$/.exec(path);
  if (!single?.[1]) return fail(404, 'Not Found', 'notFound');
  const id = decodeURIComponent(single[1]);
  const file = find(id);
  if (!file) return fileNotFound(id);
  const action = single[2];

  if (action === '/export' && reading) {
    if (file.mimeType !== DOCUMENT_MIME) {
      return fail(403, 'Export only supports Docs Editors files.', 'fileNotExportable');
    }
    return {
      status: 200,
      bytes: { contentType: 'text/plain', data: new TextEncoder().encode(file.content ?? '') },
    };
  }
  if (action === undefined && reading) return { status: 200, json: view(file) };
  if (!writable(file)) {
    return fail(
      403,
      'The user does not have sufficient permissions for this file.',
      'insufficientFilePermissions',
    );
  }
  if (action === '/copy' && request.method === 'POST') {
    if (file.mimeType === FOLDER_MIME) {
      return fail(403, 'This file cannot be copied by the user.', 'cannotCopyFile');
    }
    const meta = parseObject(request.body);
    if (!meta) return fail(400, 'Invalid JSON payload received.', 'parseError');
    const where = placed(meta.parents ?? file.parents);
    if ('status' in where) return where;
    const copy = created(
      typeof meta.name === 'string' ? meta.name : `Copy of ${file.name}`,
      file.mimeType,
      where,
    );
    if (file.content !== undefined) copy.content = file.content;
    context.changed();
    return { status: 200, json: view(copy) };
  }
  if (action === '/permissions' && request.method === 'POST') {
    const body = parseObject(request.body);
    const email = body?.emailAddress;
    const role = body?.role;
    if (body?.type !== 'user' || typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) {
      return fail(400, 'The permission type field is required.', 'required');
    }
    if (!['reader', 'commenter', 'writer'].includes(String(role))) {
      return fail(400, 'The permission role field is invalid.', 'invalid');
    }
    const permission: DrivePermission = {
      id: fileIdFor(`perm|${email.toLowerCase()}`).slice(0, 20),
      type: 'user',
      role: role as DrivePermission['role'],
      emailAddress: email.toLowerCase(),
    };
    file.permissions = [
      ...file.permissions.filter((existing) => existing.emailAddress !== permission.emailAddress),
      permission,
    ];
    context.changed();
    return { status: 200, json: { kind: 'drive#permission', ...permission } };
  }
  if (action === undefined && request.method === 'PATCH') {
    if (upload) {
      file.content =
        request.query.uploadType === 'multipart'
          ? (multipart(request)?.content ?? '')
          : request.body;
    } else {
      const body = parseObject(request.body);
      if (!body) return fail(400, 'Invalid JSON payload received.', 'parseError');
      if (typeof body.name === 'string') file.name = body.name;
      if (typeof body.trashed === 'boolean') file.trashed = body.trashed;
    }
    file.modifiedTime = stamp();
    context.changed();
    return { status: 200, json: view(file) };
  }
  if (action === undefined && request.method === 'DELETE') {
    const role = roleOf(file);
    if (file.driveId === undefined && role !== 'owner') {
      return fail(
        403,
        'The user does not have sufficient permissions for this file.',
        'insufficientFilePermissions',
      );
    }
    const doomed = new Set([file.id]);
    // Deleting a folder deletes what it holds.
    for (let grew = true; grew; ) {
      grew = false;
      for (const candidate of state.files) {
        if (!doomed.has(candidate.id) && candidate.parents.some((parent) => doomed.has(parent))) {
          doomed.add(candidate.id);
          grew = true;
        }
      }
    }
    state.files.splice(
      0,
      state.files.length,
      ...state.files.filter((entry) => !doomed.has(entry.id)),
    );
    context.changed();
    return { status: 204 };
  }
  return fail(404, 'Not Found', 'notFound');
}
