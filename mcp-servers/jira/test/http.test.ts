import { describe, expect, it } from 'vitest';
import { textOf, useHarness } from './support/harness.js';

describe('429 handling, retries and errors', () => {
  const harness = useHarness();

  it('waits what Retry-After says and then succeeds', async () => {
    // Prepare
    harness.jira.failNext(1, { status: 429, retryAfter: 2 });
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_issues', { projectKey: 'WEB' });

    // Assess
    expect(result.structuredContent).toMatchObject({ count: 1 });
    expect(harness.jira.requests).toHaveLength(2);
    expect(harness.sleeps).toEqual([2000]);
  });

  it('retries a 429 on a write too: Jira refused it before doing anything', async () => {
    // Prepare
    harness.jira.failNext(1, { status: 429 });
    const connected = await harness.connect();

    // Act
    const result = await connected.call('delete_project_issues', {
      projectKey: 'WEB',
      dryRun: false,
    });

    // Assess
    expect(result.structuredContent).toMatchObject({ deleted: ['WEB-1'] });
    expect(harness.sleeps).toEqual([1000]);
  });

  it('gives up after the bound, saying so', async () => {
    // Prepare
    harness.jira.failNext(10, { status: 429, retryAfter: 1 });
    const connected = await harness.connect();

    // Act
    const result = await connected.call('lookup_project_key', { name: 'Operations' });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Jira is rate limiting requests (HTTP 429); gave up after 4 attempts; it asks to retry after 1 s',
    );
    expect(harness.jira.requests).toHaveLength(4);
    expect(harness.sleeps).toEqual([1000, 1000, 1000]);
  });

  it('backs off exponentially on 5xx for reads, within the configured retries', async () => {
    // Prepare
    harness.jira.failNext(2, { status: 503 });
    const connected = await harness.connect({ JIRA_HTTP_MAX_RETRIES: '2' });

    // Act
    const result = await connected.call('list_issues', { projectKey: 'WEB' });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(harness.sleeps).toEqual([1000, 2000]);
  });

  it('never puts the API token in an error, even when Jira echoes it', async () => {
    // Prepare
    const connected = await harness.connect();
    harness.jira.failNext(1, {
      status: 400,
      body: { errorMessages: [`bad token ${harness.jira.apiToken}`], errors: {} },
    });

    // Act
    const result = await connected.call('list_issues', { projectKey: 'WEB' });

    // Assess
    expect(textOf(result)).toBe('Jira rejected the request (HTTP 400): bad token [redacted]');
  });

  it('reports refused credentials without the token', async () => {
    // Prepare
    const connected = await harness.connect({ JIRA_API_TOKEN: 'wrong-secret-token' });

    // Act
    const result = await connected.call('list_issues', { projectKey: 'WEB' });

    // Assess
    expect(textOf(result)).toBe(
      'Jira refused the credentials (HTTP 401): Client must be authenticated to access this resource.',
    );
    expect(harness.jira.requests).toHaveLength(1);
  });

  it('times out a Jira that never answers', async () => {
    // Prepare
    harness.jira.failNext(1, { hang: true });
    const connected = await harness.connect({ JIRA_HTTP_TIMEOUT_MS: '200' });

    // Act
    const result = await connected.call('list_issues', { projectKey: 'WEB' });

    // Assess
    expect(textOf(result)).toBe('Jira did not answer within 200 ms');
  });

  it('refuses to start without its settings, naming them but no values', async () => {
    // Prepare
    const attempt = () => harness.connect({ JIRA_EMAIL: 'not-an-email' });

    // Act
    const outcome = attempt();

    // Assess
    await expect(outcome).rejects.toThrow('Jira configuration is missing or invalid: JIRA_EMAIL');
  });
});
