import { type SecretsManagerStandIn, startSecretsManagerStandIn } from '@agentcore/stand-ins';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { textOf, useHarness } from './support/harness.js';

const SECRET = 'agentcore-prod/jira-token';
const ARN = `arn:aws:secretsmanager:us-east-1:000000000000:secret:${SECRET}-AbCdEf`;

let secrets: SecretsManagerStandIn;

beforeAll(async () => {
  secrets = await startSecretsManagerStandIn({ host: '127.0.0.1' });
  // The SDK's credential chain reads these; the stand-in does not check them.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await secrets?.close();
});

describe('the Jira API token from Secrets Manager (a deployment keeps it out of its config)', () => {
  const harness = useHarness();

  /** The server configured with the secret's id instead of the token. */
  const connectWithSecret = () =>
    harness.connect({
      JIRA_API_TOKEN: '',
      JIRA_API_TOKEN_SECRET_ID: ARN,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    });

  it('reads the token once, on first use, and authenticates with it', async () => {
    // Prepare
    secrets.setSecret(SECRET, harness.jira.apiToken);
    secrets.reset();
    const connected = await connectWithSecret();
    const readAtStart = secrets.requests.length;

    // Act
    const first = await connected.call('list_issues', { projectKey: 'WEB' });
    const second = await connected.call('list_issues', { projectKey: 'WEB' });

    // Assess
    expect(readAtStart).toBe(0);
    expect(first.isError).toBeFalsy();
    expect(second.structuredContent).toMatchObject({ count: 1 });
    expect(secrets.requests).toHaveLength(1);
  });

  it('names the secret, never a token, when it cannot be read, and reads it again on the next call', async () => {
    // Prepare: the secret does not exist yet
    const later = 'agentcore-prod/jira-token-later';
    const laterArn = `arn:aws:secretsmanager:us-east-1:000000000000:secret:${later}-AbCdEf`;
    const connected = await harness.connect({
      JIRA_API_TOKEN: '',
      JIRA_API_TOKEN_SECRET_ID: laterArn,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    });

    // Act
    const missing = await connected.call('list_issues', { projectKey: 'WEB' });
    secrets.setSecret(later, harness.jira.apiToken);
    const found = await connected.call('list_issues', { projectKey: 'WEB' });

    // Assess
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toBe(`the Jira API token could not be read from ${laterArn}`);
    expect(found.structuredContent).toMatchObject({ count: 1 });
  });

  it('refuses a configuration with both the token and its secret, or neither, naming both settings', async () => {
    // Act
    const both = harness.connect({ JIRA_API_TOKEN_SECRET_ID: ARN });
    const neither = harness.connect({ JIRA_API_TOKEN: '' });

    // Assess
    for (const outcome of [both, neither]) {
      await expect(outcome).rejects.toThrow(
        'Jira configuration is missing or invalid: JIRA_API_TOKEN or JIRA_API_TOKEN_SECRET_ID (exactly one)',
      );
    }
  });
});
