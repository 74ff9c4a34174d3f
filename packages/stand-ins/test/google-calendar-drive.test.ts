import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GOOGLE_TOKEN_AUDIENCE,
  type GoogleWorkspaceStandIn,
  JWT_BEARER_GRANT,
  parseDriveQuery,
  startGoogleWorkspaceStandIn,
} from '../src/index.js';

const EMAIL = 'sa@project.iam.gserviceaccount.com';
const NOW_MS = Date.parse('2026-11-30T09:00:00Z');
const NOW = NOW_MS / 1000;
const CALENDAR = 'https://www.googleapis.com/auth/calendar';
const DRIVE = 'https://www.googleapis.com/auth/drive';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

function assertion(sub: string, scope: string): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({
    iss: EMAIL,
    scope,
    aud: GOOGLE_TOKEN_AUDIENCE,
    iat: NOW,
    exp: NOW + 3600,
    sub,
  })}`;
  return `${body}.${sign('RSA-SHA256', Buffer.from(body), keys.privateKey).toString('base64url')}`;
}

describe('Calendar and Drive on the Google Workspace stand-in', () => {
  let google: GoogleWorkspaceStandIn;

  beforeAll(async () => {
    google = await startGoogleWorkspaceStandIn({
      serviceAccounts: { [EMAIL]: keys.publicKey },
      now: () => NOW_MS,
    });
  });

  afterEach(() => {
    google.reset();
  });

  afterAll(async () => {
    await google.close();
  });

  /** A call as `sub` with `scope`: the token is fetched first, as a client library does. */
  const as = async (sub: string, scope: string, path: string, init: RequestInit = {}) => {
    const issued = await fetch(google.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: assertion(sub, scope) }),
    });
    const { access_token: token } = (await issued.json()) as { access_token: string };
    return fetch(`${google.url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
  };
  const alice = (path: string, init?: RequestInit) => as('alice@example.com', CALENDAR, path, init);
  const event = {
    summary: 'Sync',
    start: { dateTime: '2026-12-02T10:00:00Z' },
    end: { dateTime: '2026-12-02T10:30:00Z' },
    conferenceData: {
      createRequest: { requestId: 'r1', conferenceSolutionKey: { type: 'hangoutsMeet' } },
    },
  };

  it('drops conferenceData unless conferenceDataVersion=1, as Google does', async () => {
    // Act
    const without = await alice('/calendar/v3/calendars/primary/events', {
      method: 'POST',
      body: JSON.stringify(event),
    });
    const withVersion = await alice(
      '/calendar/v3/calendars/primary/events?conferenceDataVersion=1',
      { method: 'POST', body: JSON.stringify(event) },
    );

    // Assess
    expect(without.status).toBe(200);
    expect(await without.json()).not.toHaveProperty('hangoutLink');
    expect(await withVersion.json()).toMatchObject({
      hangoutLink: expect.stringMatching(/^https:\/\/meet\.google\.com\//),
      conferenceData: { conferenceSolution: { key: { type: 'hangoutsMeet' } } },
    });
  });

  it('answers a delete with 204, then 410 once it is gone', async () => {
    // Prepare
    const created = (await (
      await alice('/calendar/v3/calendars/primary/events', {
        method: 'POST',
        body: JSON.stringify(event),
      })
    ).json()) as { id: string };

    // Act
    const first = await alice(`/calendar/v3/calendars/primary/events/${created.id}`, {
      method: 'DELETE',
    });
    const second = await alice(`/calendar/v3/calendars/primary/events/${created.id}`, {
      method: 'DELETE',
    });

    // Assess
    expect(first.status).toBe(204);
    expect(await first.text()).toBe('');
    expect(second.status).toBe(410);
    expect(await second.json()).toMatchObject({
      error: { code: 410, errors: [{ reason: 'deleted' }] },
    });
  });

  it.each([
    [{ ...event, end: { dateTime: '2026-12-02T09:00:00Z' } }, 'The specified time range is empty.'],
    [
      { ...event, start: { dateTime: '2026-12-02T10:00:00' } },
      'Missing time zone definition for start time.',
    ],
    [{ ...event, attendees: [{ email: 'bob' }] }, 'Invalid attendee email.'],
  ])('refuses a bad event with 400 and Google’s message: %j', async (body, message) => {
    // Act
    const response = await alice('/calendar/v3/calendars/primary/events', {
      method: 'POST',
      body: JSON.stringify(body),
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 400, message } });
  });

  it('refuses a token without a Calendar scope, and a suspended user', async () => {
    // Act
    const wrongScope = await as('alice@example.com', DRIVE, '/calendar/v3/users/me/calendarList');
    const suspended = await as('carol@example.com', CALENDAR, '/calendar/v3/users/me/calendarList');
    const noToken = await fetch(`${google.url}/calendar/v3/users/me/calendarList`);

    // Assess
    expect(wrongScope.status).toBe(403);
    expect(await wrongScope.json()).toMatchObject({
      error: { errors: [{ reason: 'insufficientPermissions' }] },
    });
    expect(suspended.status).toBe(403);
    expect(noToken.status).toBe(401);
  });

  it('lists shared-drive files only for a client that supports them', async () => {
    // Act
    const plain = await as('alice@example.com', DRIVE, '/drive/v3/files?q=trashed%20%3D%20false');
    const all = await as(
      'alice@example.com',
      DRIVE,
      '/drive/v3/files?q=trashed%20%3D%20false&supportsAllDrives=true&includeItemsFromAllDrives=true',
    );

    // Assess
    const names = async (response: Response) =>
      ((await response.json()) as { files: { name: string }[] }).files.map((file) => file.name);
    expect(await names(plain)).toEqual(['Q4 planning', 'Team budget']);
    expect(await names(all)).toContain('Acme Corp - Contract.pdf');
  });

  it("refuses a query Drive would not parse with Drive's 400", async () => {
    // Act
    const response = await as('alice@example.com', DRIVE, "/drive/v3/files?q=name%20contains%20'x");

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { message: 'Invalid Value', errors: [{ location: 'q' }] },
    });
  });
});

describe('the Drive query subset', () => {
  const file = {
    name: "Bob's notes",
    mimeType: 'application/vnd.google-apps.document',
    parents: ['root'],
    owners: ['bob@example.com'],
    trashed: false,
    fullText: 'quarterly goals',
  };

  it.each([
    ["name contains 'bob\\'s'", true],
    ["fullText contains 'QUARTERLY'", true],
    ["name = 'Bob\\'s notes' and trashed = false", true],
    ["mimeType != 'application/vnd.google-apps.document'", false],
    ["'root' in parents and 'bob@example.com' in owners", true],
    ["name contains 'x' or (trashed = false and not name contains 'y')", true],
    ["name contains 'x' or name contains 'y' and trashed = false", false],
    ['trashed = true', false],
  ])('%s -> %s', (query, expected) => {
    expect(parseDriveQuery(query)(file)).toBe(expected);
  });

  it.each([
    ["name contains 'x"],
    ['name like x'],
    ["'x' in friends"],
    ['trashed = maybe'],
    ['(trashed = false'],
  ])('refuses %s', (query) => {
    expect(() => parseDriveQuery(query)).toThrow();
  });
});
