import { createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import * as z from 'zod';
import {
  type RecordedRequest,
  type StandIn,
  type StandInReply,
  startStandInServer,
} from '../http/stand-in-server.js';
import { sandboxFile } from '../sandbox/sandbox-file.js';
import { calendarRoute } from './calendar.js';
import { type CalendarState, SANDBOX_TIME_ZONE, seedCalendarState } from './calendar-state.js';
import {
  type CustomSchema,
  type DirectoryUser,
  etagOf,
  SANDBOX_CUSTOMER_ID,
  SANDBOX_DOMAIN,
  SANDBOX_SCHEMAS,
  SANDBOX_USERS,
  type SeedUser,
  seedUser,
  userIdFor,
} from './directory-state.js';
import { driveRoute } from './drive.js';
import { type DriveState, seedDriveState } from './drive-state.js';
import { googleErrorBody } from './errors.js';
import { JWT_BEARER_GRANT, verifyAssertion } from './oauth-token.js';

const SCOPE_PREFIX = 'https://www.googleapis.com/auth/';
const USER_SCOPE = `${SCOPE_PREFIX}admin.directory.user`;
const USER_READONLY_SCOPE = `${SCOPE_PREFIX}admin.directory.user.readonly`;
const SECURITY_SCOPE = `${SCOPE_PREFIX}admin.directory.user.security`;
const USERS_PATH = '/admin/directory/v1/users';
const TOKEN_LIFETIME_SECONDS = 3599;

export interface GoogleWorkspaceStandInOptions {
  readonly port?: number;
  readonly host?: string;
  readonly customerId?: string;
  readonly domain?: string;
  /** The directory at start and after every `reset()`; the sandbox company by default. */
  readonly users?: readonly SeedUser[];
  readonly schemas?: readonly CustomSchema[];
  /** Service accounts whose assertions are accepted: client email to public key (PEM or key). */
  readonly serviceAccounts?: Readonly<Record<string, KeyObject | string>>;
  /** Current time in ms since the Unix epoch; `Date.now` when absent. */
  readonly now?: () => number;
  /**
   * Where the sandbox (directory and calendars) is kept between starts: loaded when the file
   * exists, seeded and written when it does not, rewritten after every change. In memory only
   * when absent. An unreadable file fails the start with a SandboxStateError.
   */
  readonly statePath?: string;
}

/**
 * Google's OAuth token endpoint (JWT-bearer grant, domain-wide delegation) and the Directory
 * API's user routes on one loopback server. Point `google-auth-library` at `tokenUrl` and
 * `@googleapis/admin` at `rootUrl`.
 */
export interface GoogleWorkspaceStandIn extends StandIn {
  readonly tokenUrl: string;
  /** The API root with a trailing slash, as `rootUrl` takes it. */
  readonly rootUrl: string;
  readonly customerId: string;
  readonly domain: string;
  /** Accepts assertions signed by this key for this client email from now on. */
  addServiceAccount(clientEmail: string, publicKey: KeyObject | string): void;
  /** A copy of the user with this primary email, alias or id, as stored. */
  user(key: string): DirectoryUser | undefined;
  /** Copies of every stored user, ordered by primary email. */
  users(): DirectoryUser[];
  /** Whether a password was set for this user by a create (never the password itself). */
  hasPassword(key: string): boolean;
  /** The calendars and events as stored (live: tests read what a client really changed). */
  readonly calendar: CalendarState;
  /** Files and shared drives as stored (live). */
  readonly drive: DriveState;
  /** Forgets requests and scripted failures, and puts the directory back to its seed. */
  reset(): void;
}

interface IssuedToken {
  readonly subject: string | undefined;
  readonly scopes: ReadonlySet<string>;
  readonly expiresAt: number;
}

type Reply = StandInReply;

interface KeptWorkspace {
  readonly version: 1;
  readonly users: DirectoryUser[];
  readonly passwords: string[];
  readonly calendar: CalendarState;
  readonly drive?: DriveState;
}

/** The kept sandbox: checked on load for the fields the routes rely on, the rest kept as is. */
const KeptWorkspaceSchema = z.object({
  version: z.literal(1),
  users: z.array(
    z.looseObject({ id: z.string(), primaryEmail: z.string(), name: z.looseObject({}) }),
  ),
  passwords: z.array(z.string()),
  calendar: z.object({
    calendars: z.array(
      z.looseObject({
        id: z.string(),
        summary: z.string(),
        members: z.record(z.string(), z.string()),
      }),
    ),
    events: z.array(
      z.looseObject({
        id: z.string(),
        calendarId: z.string(),
        status: z.string(),
        start: z.looseObject({}),
        end: z.looseObject({}),
      }),
    ),
  }),
  // Absent from files kept before Drive was served: seeded then.
  drive: z
    .object({
      files: z.array(
        z.looseObject({
          id: z.string(),
          name: z.string(),
          mimeType: z.string(),
          parents: z.array(z.string()),
          permissions: z.array(z.looseObject({})),
        }),
      ),
      drives: z.array(z.looseObject({ id: z.string(), members: z.array(z.string()) })),
    })
    .optional(),
});

const fail = (status: number, message?: string, reason?: string): Reply => ({
  status,
  json: googleErrorBody(status, message, reason),
});

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function keyOf(value: KeyObject | string): KeyObject {
  return typeof value === 'string' ? createPublicKey(value) : value;
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** Starts the Google Workspace stand-in on 127.0.0.1 with the sandbox company seeded. */
export async function startGoogleWorkspaceStandIn(
  options: GoogleWorkspaceStandInOptions = {},
): Promise<GoogleWorkspaceStandIn> {
  const customerId = options.customerId ?? SANDBOX_CUSTOMER_ID;
  const domain = options.domain ?? SANDBOX_DOMAIN;
  const seeds = options.users ?? SANDBOX_USERS;
  const schemas = new Map((options.schemas ?? SANDBOX_SCHEMAS).map((s) => [s.schemaName, s]));
  const now = options.now ?? Date.now;
  const accounts = new Map<string, KeyObject>(
    Object.entries(options.serviceAccounts ?? {}).map(([email, key]) => [email, keyOf(key)]),
  );
  const tokens = new Map<string, IssuedToken>();
  let users = new Map<string, DirectoryUser>();
  let passwords = new Set<string>();
  const calendar: CalendarState = { calendars: [], events: [] };
  const drive: DriveState = { files: [], drives: [] };
  const kept =
    options.statePath === undefined
      ? undefined
      : sandboxFile<KeptWorkspace>(options.statePath, KeptWorkspaceSchema);
  const save = () =>
    kept?.save({
      version: 1,
      users: [...users.values()],
      passwords: [...passwords],
      calendar,
      drive,
    });
  const seed = () => {
    users = new Map(
      seeds.map((entry) => [userIdFor(entry.primaryEmail), seedUser(entry, customerId)]),
    );
    passwords = new Set();
    const fresh = seedCalendarState(
      seeds.map((entry) => entry.primaryEmail.toLowerCase()),
      domain,
    );
    calendar.calendars.splice(0, calendar.calendars.length, ...fresh.calendars);
    calendar.events.splice(0, calendar.events.length, ...fresh.events);
    seedDrive();
  };
  function seedDrive() {
    const fresh = seedDriveState(
      seeds.map((entry) => entry.primaryEmail.toLowerCase()),
      domain,
    );
    drive.files.splice(0, drive.files.length, ...fresh.files);
    drive.drives.splice(0, drive.drives.length, ...fresh.drives);
  }
  const loaded = kept?.load();
  if (loaded) {
    users = new Map(loaded.users.map((user) => [user.id, user]));
    passwords = new Set(loaded.passwords);
    calendar.calendars.push(...loaded.calendar.calendars);
    calendar.events.push(...loaded.calendar.events);
    if (loaded.drive) {
      drive.files.push(...loaded.drive.files);
      drive.drives.push(...loaded.drive.drives);
    } else {
      seedDrive();
      save();
    }
  } else {
    seed();
    save();
  }

  const find = (key: string): DirectoryUser | undefined => {
    const wanted = decodeURIComponent(key).toLowerCase();
    for (const user of users.values()) {
      if (user.id === wanted || user.primaryEmail.toLowerCase() === wanted) return user;
      if (user.aliases?.some((alias) => alias.toLowerCase() === wanted)) return user;
    }
    return undefined;
  };

  const store = (user: Omit<DirectoryUser, 'etag'> & { etag?: string }): DirectoryUser => {
    const { etag: _old, ...rest } = user;
    const saved: DirectoryUser = { ...rest, etag: etagOf(rest) };
    users.set(saved.id, saved);
    return saved;
  };

  const token = (request: RecordedRequest): Reply => {
    const form = new URLSearchParams(request.body);
    const oauthError = (status: number, error: string, description: string): Reply => ({
      status,
      json: { error, error_description: description },
    });
    if (request.method !== 'POST') return oauthError(405, 'invalid_request', 'Use POST.');
    if (form.get('grant_type') !== JWT_BEARER_GRANT) {
      return oauthError(
        400,
        'unsupported_grant_type',
        `Invalid grant_type: ${form.get('grant_type') ?? ''}`,
      );
    }
    const assertion = form.get('assertion');
    if (!assertion)
      return oauthError(400, 'invalid_request', 'Missing required parameter: assertion');
    const nowSeconds = Math.floor(now() / 1000);
    const claims = verifyAssertion(assertion, (email) => accounts.get(email), nowSeconds);
    if ('error' in claims) return oauthError(claims.status, claims.error, claims.description);
    if (claims.sub !== undefined && !find(claims.sub)) {
      return oauthError(400, 'invalid_grant', 'Invalid email or User ID');
    }
    const accessToken = `ya29.standin-${randomBytes(18).toString('base64url')}`;
    tokens.set(accessToken, {
      subject: claims.sub,
      scopes: new Set(claims.scope.split(' ').filter((scope) => scope !== '')),
      expiresAt: nowSeconds + TOKEN_LIFETIME_SECONDS,
    });
    return {
      status: 200,
      json: { access_token: accessToken, expires_in: TOKEN_LIFETIME_SECONDS, token_type: 'Bearer' },
    };
  };

  // Bearer token and scope, checked as Google does before any route: the token's subject, or why not.
  const bearer = (
    request: RecordedRequest,
    anyOf: readonly string[],
  ): { readonly subject: DirectoryUser | undefined } | Reply => {
    const header = request.headers.authorization ?? '';
    const issued = header.startsWith('Bearer ') ? tokens.get(header.slice(7)) : undefined;
    if (!issued || issued.expiresAt <= Math.floor(now() / 1000)) {
      return {
        status: 401,
        json: {
          error: {
            code: 401,
            message:
              'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
            errors: [
              {
                message: 'Login Required.',
                domain: 'global',
                reason: 'required',
                location: 'Authorization',
                locationType: 'header',
              },
            ],
            status: 'UNAUTHENTICATED',
          },
        },
      };
    }
    if (!anyOf.some((scope) => issued.scopes.has(scope))) {
      return fail(
        403,
        'Request had insufficient authentication scopes.',
        'insufficientPermissions',
      );
    }
    return { subject: issued.subject === undefined ? undefined : find(issued.subject) };
  };

  // The Directory API acts only for an active admin.
  const authorise = (request: RecordedRequest, anyOf: readonly string[]): Reply | undefined => {
    const checked = bearer(request, anyOf);
    if ('status' in checked) return checked;
    if (!checked.subject?.isAdmin || checked.subject.suspended) return fail(403);
    return undefined;
  };

  // Calendar acts for the user the service account impersonates, who must be active.
  const calendarContext = {
    caller: (request: RecordedRequest, anyOf: readonly string[]): string | Reply => {
      const checked = bearer(request, anyOf);
      if ('status' in checked) return checked;
      if (!checked.subject || checked.subject.suspended) return fail(403);
      return checked.subject.primaryEmail.toLowerCase();
    },
    isUser: (email: string) => find(email) !== undefined,
    state: calendar,
    now,
    changed: save,
  };

  const view = (
    user: DirectoryUser,
    projection: string,
    mask: string | undefined,
  ): DirectoryUser => {
    const copy = structuredClone(user);
    if (projection === 'basic') delete copy.customSchemas;
    if (projection === 'custom') {
      const wanted = new Set((mask ?? '').split(',').filter((name) => name !== ''));
      const kept = Object.entries(copy.customSchemas ?? {}).filter(([name]) => wanted.has(name));
      if (kept.length === 0) delete copy.customSchemas;
      else copy.customSchemas = Object.fromEntries(kept);
    }
    return copy;
  };

  const projectionOf = (request: RecordedRequest): string | Reply => {
    const projection = request.query.projection ?? 'basic';
    if (!['basic', 'custom', 'full'].includes(projection)) {
      return fail(400, `Invalid value for projection: ${projection}`, 'invalidParameter');
    }
    if (projection === 'custom' && !request.query.customFieldMask) {
      return fail(
        400,
        'Invalid Input: customFieldMask is required with projection custom',
        'invalid',
      );
    }
    return projection;
  };

  const matchesQuery = (user: DirectoryUser, query: string): boolean | Reply => {
    for (const term of query.split(/\s+/).filter((part) => part !== '')) {
      const email = /^email:(.+?)(\*?)$/.exec(term);
      const flag = /^(isSuspended|isEnrolledIn2Sv|isAdmin)=(true|false)$/.exec(term);
      if (email?.[1]) {
        const address = user.primaryEmail.toLowerCase();
        const wanted = email[1].toLowerCase();
        if (email[2] ? !address.startsWith(wanted) : address !== wanted) return false;
      } else if (flag?.[1] && flag[2]) {
        const field = flag[1] === 'isSuspended' ? 'suspended' : flag[1];
        if (String(Reflect.get(user, field)) !== flag[2]) return false;
      } else {
        return fail(400, 'Invalid Input: query', 'invalid');
      }
    }
    return true;
  };

  const list = (request: RecordedRequest): Reply => {
    const { customer, domain: wantedDomain, query, pageToken } = request.query;
    if (customer === undefined && wantedDomain === undefined) return fail(400);
    if (customer !== undefined && customer !== 'my_customer' && customer !== customerId) {
      return fail(403);
    }
    if (wantedDomain !== undefined && wantedDomain.toLowerCase() !== domain) return fail(403);
    const projection = projectionOf(request);
    if (typeof projection !== 'string') return projection;
    const maxResults = Number(request.query.maxResults ?? '100');
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 500) {
      return fail(400, 'Invalid value for: maxResults must be between 1 and 500', 'invalid');
    }
    const orderBy = request.query.orderBy ?? 'email';
    const sortKey = (user: DirectoryUser): string =>
      orderBy === 'givenName'
        ? user.name.givenName
        : orderBy === 'familyName'
          ? user.name.familyName
          : user.primaryEmail;
    if (!['email', 'givenName', 'familyName'].includes(orderBy)) {
      return fail(400, `Invalid value for orderBy: ${orderBy}`, 'invalidParameter');
    }
    let offset = 0;
    if (pageToken !== undefined) {
      const decoded = /^offset:(\d+)$/.exec(Buffer.from(pageToken, 'base64url').toString('utf8'));
      if (!decoded?.[1]) return fail(400, 'Invalid Input: pageToken', 'invalid');
      offset = Number(decoded[1]);
    }
    const matching: DirectoryUser[] = [];
    for (const user of users.values()) {
      const matched = query === undefined ? true : matchesQuery(user, query);
      if (typeof matched !== 'boolean') return matched;
      if (matched) matching.push(user);
    }
    matching.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    if (request.query.sortOrder === 'DESCENDING') matching.reverse();
    const page = matching.slice(offset, offset + maxResults);
    const next = offset + maxResults < matching.length ? offset + maxResults : undefined;
    return {
      status: 200,
      json: {
        kind: 'admin#directory#users',
        etag: `"users-${users.size}-${offset}"`,
        ...(page.length === 0
          ? {}
          : { users: page.map((user) => view(user, projection, request.query.customFieldMask)) }),
        ...(next === undefined
          ? {}
          : { nextPageToken: Buffer.from(`offset:${next}`).toString('base64url') }),
      },
    };
  };

  const insert = (request: RecordedRequest): Reply => {
    const body = parseJsonObject(request.body);
    if (!body) return fail(400, 'Invalid JSON payload received.', 'parseError');
    const email = body.primaryEmail;
    if (!isString(email) || !/^[^@\s]+@[^@\s]+$/.test(email)) {
      return fail(400, 'Invalid Input: primary_user_email', 'invalid');
    }
    const name = (body.name ?? {}) as Record<string, unknown>;
    for (const field of ['givenName', 'familyName'] as const) {
      const value = name[field];
      if (!isString(value) || value.trim() === '' || value.length > 60) {
        return fail(
          400,
          `Invalid Given/Family Name: ${field === 'givenName' ? 'GivenName' : 'FamilyName'}`,
          'invalid',
        );
      }
    }
    const password = body.password;
    if (!isString(password) || password.length < 8 || password.length > 100) {
      return fail(400, 'Invalid Password', 'invalid');
    }
    if (email.split('@')[1]?.toLowerCase() !== domain)
      return fail(400, 'Domain not found.', 'notFound');
    if (find(email)) return fail(409, 'Entity already exists.', 'duplicate');
    const created = seedUser(
      {
        primaryEmail: email.toLowerCase(),
        givenName: String(name.givenName),
        familyName: String(name.familyName),
        orgUnitPath: isString(body.orgUnitPath) ? body.orgUnitPath : '/',
      },
      customerId,
    );
    const saved = store({
      ...created,
      changePasswordAtNextLogin: body.changePasswordAtNextLogin === true,
      creationTime: new Date(now()).toISOString(),
    });
    passwords.add(saved.id);
    calendar.calendars.push({
      id: saved.primaryEmail,
      summary: saved.primaryEmail,
      timeZone: SANDBOX_TIME_ZONE,
      members: { [saved.primaryEmail]: 'owner' },
    });
    save();
    return { status: 200, json: view(saved, 'full', undefined) };
  };

  const updateSchemas = (
    current: DirectoryUser['customSchemas'],
    patch: unknown,
  ): { readonly schemas: DirectoryUser['customSchemas'] } | { readonly reply: Reply } => {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      return { reply: fail(400, 'Invalid Input: customSchemas', 'invalid') };
    }
    const next = structuredClone(current ?? {});
    for (const [schemaName, fields] of Object.entries(patch)) {
      const schema = schemas.get(schemaName);
      if (!schema)
        return {
          reply: fail(400, `Invalid Input: custom schema ${schemaName} not found`, 'invalid'),
        };
      if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
        return { reply: fail(400, `Invalid Input: customSchemas.${schemaName}`, 'invalid') };
      }
      const values = { ...next[schemaName] };
      for (const [fieldName, value] of Object.entries(fields)) {
        const field = schema.fields.find((candidate) => candidate.fieldName === fieldName);
        if (!field) {
          return {
            reply: fail(
              400,
              `Invalid Input: field ${fieldName} not in schema ${schemaName}`,
              'invalid',
            ),
          };
        }
        const valid =
          value === null ||
          (field.multiValued
            ? Array.isArray(value) &&
              value.every(
                (entry) =>
                  typeof entry === 'object' &&
                  entry !== null &&
                  isString(Reflect.get(entry, 'value')),
              )
            : isString(value));
        if (!valid) {
          return {
            reply: fail(400, `Invalid Input: customSchemas.${schemaName}.${fieldName}`, 'invalid'),
          };
        }
        // Arrays are replaced whole, as the real API does; null clears the field.
        if (value === null || (Array.isArray(value) && value.length === 0))
          delete values[fieldName];
        else values[fieldName] = structuredClone(value);
      }
      if (Object.keys(values).length === 0) delete next[schemaName];
      else next[schemaName] = values;
    }
    return { schemas: Object.keys(next).length === 0 ? undefined : next };
  };

  const update = (request: RecordedRequest, user: DirectoryUser): Reply => {
    const body = parseJsonObject(request.body);
    if (!body) return fail(400, 'Invalid JSON payload received.', 'parseError');
    const next: DirectoryUser = structuredClone(user);
    if ('suspended' in body) {
      if (typeof body.suspended !== 'boolean')
        return fail(400, 'Invalid Input: suspended', 'invalid');
      next.suspended = body.suspended;
      if (body.suspended) next.suspensionReason = 'ADMIN';
      else delete next.suspensionReason;
    }
    if (typeof body.changePasswordAtNextLogin === 'boolean') {
      next.changePasswordAtNextLogin = body.changePasswordAtNextLogin;
    }
    if (isString(body.orgUnitPath)) next.orgUnitPath = body.orgUnitPath;
    if ('customSchemas' in body) {
      const outcome = updateSchemas(next.customSchemas, body.customSchemas);
      if ('reply' in outcome) return outcome.reply;
      if (outcome.schemas === undefined) delete next.customSchemas;
      else next.customSchemas = outcome.schemas;
    }
    const saved = store(next);
    save();
    return { status: 200, json: view(saved, 'full', undefined) };
  };

  const route = (request: RecordedRequest): Reply => {
    if (request.path === '/token') return token(request);
    if (request.path === USERS_PATH) {
      if (request.method === 'GET')
        return authorise(request, [USER_SCOPE, USER_READONLY_SCOPE]) ?? list(request);
      if (request.method === 'POST') return authorise(request, [USER_SCOPE]) ?? insert(request);
      return fail(404, 'Not Found', 'notFound');
    }
    const turnOff = /^\/admin\/directory\/v1\/users\/([^/]+)\/twoStepVerification\/turnOff$/.exec(
      request.path,
    );
    if (turnOff?.[1] && request.method === 'POST') {
      const denied = authorise(request, [SECURITY_SCOPE]);
      if (denied) return denied;
      const user = find(turnOff[1]);
      if (!user) return fail(404);
      if (!user.isEnrolledIn2Sv) {
        return fail(
          400,
          'Two-Step Verification is not enrolled for this user.',
          'failedPrecondition',
        );
      }
      store({ ...user, isEnrolledIn2Sv: false });
      save();
      return { status: 204 };
    }
    const single = /^\/admin\/directory\/v1\/users\/([^/]+)$/.exec(request.path);
    if (single?.[1] && (request.method === 'GET' || request.method === 'PUT')) {
      const reading = request.method === 'GET';
      const denied = authorise(request, reading ? [USER_SCOPE, USER_READONLY_SCOPE] : [USER_SCOPE]);
      if (denied) return denied;
      const user = find(single[1]);
      if (!user) return fail(404);
      if (!reading) return update(request, user);
      const projection = projectionOf(request);
      if (typeof projection !== 'string') return projection;
      return { status: 200, json: view(user, projection, request.query.customFieldMask) };
    }
    return (
      calendarRoute(request, calendarContext) ??
      driveRoute(request, { ...calendarContext, state: drive }) ??
      fail(404, 'Not Found', 'notFound')
    );
  };

  const server = await startStandInServer({
    port: options.port,
    host: options.host,
    route,
    errorBody: (status) => googleErrorBody(status),
  });
  return {
    ...server,
    tokenUrl: `${server.url}/token`,
    rootUrl: `${server.url}/`,
    customerId,
    domain,
    addServiceAccount(clientEmail, publicKey) {
      accounts.set(clientEmail, keyOf(publicKey));
    },
    user(key) {
      const found = find(key);
      return found ? structuredClone(found) : undefined;
    },
    users() {
      return [...users.values()]
        .map((user) => structuredClone(user))
        .sort((a, b) => a.primaryEmail.localeCompare(b.primaryEmail));
    },
    hasPassword(key) {
      const found = find(key);
      return found !== undefined && passwords.has(found.id);
    },
    calendar,
    drive,
    reset() {
      server.reset();
      seed();
      save();
    },
  };
}
