import * as googleAdmin from '@agentcore/mcp-server-google-admin';
import * as googleAdminConfigured from '@agentcore/mcp-server-google-admin/configured';
import * as googleCalendar from '@agentcore/mcp-server-google-calendar';
import * as googleCalendarConfigured from '@agentcore/mcp-server-google-calendar/configured';
import * as googleDrive from '@agentcore/mcp-server-google-drive';
import * as googleDriveConfigured from '@agentcore/mcp-server-google-drive/configured';
import * as jira from '@agentcore/mcp-server-jira';
import * as jiraConfigured from '@agentcore/mcp-server-jira/configured';
import { describe, expect, it } from 'vitest';
import { builtinServers } from '../src/index.js';

const KEY = { GOOGLE_SERVICE_ACCOUNT_SECRET_ID: 'google-key' };

describe('the built-in server registry', () => {
  // The registry imports each check from the server's light `/configured` entry (so a cold start
  // imports no server); the server's package exports that same function, so there is one rule.
  it.each([
    ['jira', jira.jiraConfigured, jiraConfigured.jiraConfigured],
    [
      'google_admin',
      googleAdmin.isGoogleAdminConfigured,
      googleAdminConfigured.isGoogleAdminConfigured,
    ],
    [
      'google_calendar',
      googleCalendar.isGoogleCalendarConfigured,
      googleCalendarConfigured.isGoogleCalendarConfigured,
    ],
    [
      'google_drive',
      googleDrive.isGoogleDriveConfigured,
      googleDriveConfigured.isGoogleDriveConfigured,
    ],
  ])('decides whether %s exists with the check its server exports', (_name, exported, light) => {
    // Assess
    expect(light).toBe(exported);
  });

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
