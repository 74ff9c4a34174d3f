import { defaultPolicyOutcome, textOf } from '@agentcore/google-workspace/testing';
import { describe, expect, it } from 'vitest';
import { useHarness } from './support/harness.js';

describe('faults, secrets and the default policies', () => {
  const harness = useHarness();

  it('waits out a 429 as Retry-After says, then answers', async () => {
    // Prepare
    const connected = await harness.connect();
    await connected.call('list_drives');
    harness.reset();
    harness.google.failNext(1, { status: 429, retryAfter: 2 });

    // Act
    const result = await connected.call('search_documents', { query: 'Q4' });

    // Assess
    expect(result.isError).toBeFalsy();
    expect(harness.sleeps).toEqual([2000]);
  });

  it('refuses a call that carries no requester, before asking Google', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_drives', {}, null);

    // Assess
    expect(textOf(result)).toBe(
      'Google Drive acts as the person who asks, and this call carries no requester email',
    );
    expect(harness.google.requests).toHaveLength(0);
  });

  it('never puts an access token or the key in a result', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const results = [
      await connected.call('search_documents', { query: '' }),
      await connected.call('list_customer_files', { customer_name: 'Acme Corp', recursive: true }),
      await connected.call('get_document', { document_id: 'missing' }),
    ];

    // Assess
    const text = JSON.stringify(results);
    const tokens = harness.google.requests
      .map((request) => request.headers.authorization?.replace(/^Bearer /, ''))
      .filter((token): token is string => token !== undefined);
    expect(tokens.length).toBeGreaterThan(0);
    for (const token of tokens) expect(text).not.toContain(token);
    expect(text).not.toContain(harness.key.pem.split('\n')[1] ?? '');
  });

  it.each([
    ['search_documents', 'allow'],
    ['get_document', 'allow'],
    ['list_folders', 'allow'],
    ['list_drives', 'allow'],
    ['list_customer_files', 'allow'],
    ['create_document', 'require_approval'],
    ['update_document', 'require_approval'],
    ['delete_document', 'require_approval'],
    ['copy_document', 'require_approval'],
  ])('%s: %s', async (tool, outcome) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const decided = await defaultPolicyOutcome(connected.client, 'google_drive', tool);

    // Assess
    expect(decided).toBe(outcome);
  });
});
