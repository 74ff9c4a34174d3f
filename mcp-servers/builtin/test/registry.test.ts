import { describe, expect, it } from 'vitest';
import { builtinServers } from '../src/index.js';

const KEY = { GOOGLE_SERVICE_ACCOUNT_SECRET_ID: 'google-key' };

describe('the built-in server registry', () => {
  // Each server's check is imported from its `./configured` entry, the one place its rule lives;
  // here the registry is held to offering, per environment, what those rules say.
  it.each<[string, Record<string, string | undefined>, string[]]>([
    ['nothing configured', {}, []],
    [
      'blank settings',
      {
        JIRA_BASE_URL: ' ',
        GOOGLE_ADMIN_SUBJECT: 'a@example.com',
        GOOGLE_SERVICE_ACCOUNT_KEY: ' ',
      },
      [],
    ],
    ['a Jira site', { JIRA_BASE_URL: 'https://example.atlassian.net' }, ['jira']],
    ['a Google key source', KEY, ['google_calendar']],
    [
      'an admin subject too',
      { ...KEY, GOOGLE_ADMIN_SUBJECT: 'admin@example.com' },
      ['google_admin', 'google_calendar'],
    ],
    [
      'Drive turned on',
      { ...KEY, GOOGLE_DRIVE_ENABLED: ' TRUE ' },
      ['google_calendar', 'google_drive'],
    ],
    ['Drive turned on without a key source', { GOOGLE_DRIVE_ENABLED: 'true' }, []],
  ])('offers, with %s, the always-on servers and those configured', (_case, env, configured) => {
    // Act
    const offered = Object.keys(builtinServers(env));

    // Assess
    expect(offered).toEqual(['totp', 'gifs', ...configured]);
  });

  it('imports a server when its factory is first called, and builds it from the environment', async () => {
    // Prepare
    const servers = builtinServers({ TOTP_SECRET_SOURCE: 'env' });

    // Act
    const [totp, gifs] = await Promise.all([servers.totp?.(), servers.gifs?.()]);

    // Assess
    expect(typeof totp?.connect).toBe('function');
    expect(typeof gifs?.connect).toBe('function');
  });
});
