import { isGoogleAdminConfigured } from '@agentcore/mcp-server-google-admin';
import { isGoogleCalendarConfigured } from '@agentcore/mcp-server-google-calendar';
import { isGoogleDriveConfigured } from '@agentcore/mcp-server-google-drive';
import { jiraConfigured } from '@agentcore/mcp-server-jira';
import { describe, expect, it } from 'vitest';
import { builtinServers } from '../src/index.js';

type Env = Record<string, string | undefined>;

/** Every combination of the settings the servers' own checks read, blanks included. */
function environments(): Env[] {
  const choices: Record<string, (string | undefined)[]> = {
    JIRA_BASE_URL: [undefined, '  ', 'https://example.atlassian.net'],
    GOOGLE_ADMIN_SUBJECT: [undefined, ' ', 'admin@example.com'],
    GOOGLE_SERVICE_ACCOUNT_KEY: [undefined, '', '{"type":"service_account"}'],
    GOOGLE_SERVICE_ACCOUNT_SECRET_ID: [undefined, ' ', 'google-key'],
    GOOGLE_DRIVE_ENABLED: [undefined, 'true', ' TRUE ', 'false'],
  };
  return Object.entries(choices).reduce<Env[]>(
    (envs, [name, values]) =>
      envs.flatMap((env) => values.map((value) => ({ ...env, [name]: value }))),
    [{}],
  );
}

describe('the built-in server registry', () => {
  // The registry decides which servers exist without importing them (so a cold start imports no
  // server); here its rules are held to each server's own "is it configured?" check.
  it('offers exactly the servers whose own checks say they are configured', () => {
    for (const env of environments()) {
      // Prepare
      const expected = [
        'totp',
        'gifs',
        ...(jiraConfigured(env) ? ['jira'] : []),
        ...(isGoogleAdminConfigured(env) ? ['google_admin'] : []),
        ...(isGoogleCalendarConfigured(env) ? ['google_calendar'] : []),
        ...(isGoogleDriveConfigured(env) ? ['google_drive'] : []),
      ];

      // Act
      const offered = Object.keys(builtinServers(env));

      // Assess
      expect(offered, JSON.stringify(env)).toEqual(expected);
    }
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
