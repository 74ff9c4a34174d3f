import type { JWT } from 'google-auth-library';
import { describe, expect, it } from 'vitest';
import {
  GoogleWorkspaceError,
  ImpersonatedClients,
  type ServiceAccountKeyProvider,
} from '../src/index.js';

const KEY = {
  clientEmail: 'agentcore@sandbox-project.iam.gserviceaccount.com',
  privateKey: '-----BEGIN PRIVATE KEY-----\nnot-used\n-----END PRIVATE KEY-----\n',
  privateKeyId: 'key-1',
};

function clientsWith(key: ServiceAccountKeyProvider) {
  const built: JWT[] = [];
  const clients = new ImpersonatedClients({
    key,
    tokenUrl: 'http://127.0.0.1:9/token',
    timeoutMs: 1000,
    scopes: ['https://www.googleapis.com/auth/calendar.readonly'],
    build: (auth) => {
      built.push(auth);
      return { subject: auth.subject, scopes: auth.scopes };
    },
  });
  return { clients, built };
}

describe('ImpersonatedClients', () => {
  it('keeps one client per impersonated user, each with that user as its subject', async () => {
    // Prepare
    const { clients, built } = clientsWith(async () => KEY);

    // Act
    const alice = await clients.for('alice@example.com');
    const again = await clients.for('alice@example.com');
    const bob = await clients.for('bob@example.com');

    // Assess
    expect(again).toBe(alice);
    expect(built).toHaveLength(2);
    expect(alice).toEqual({
      subject: 'alice@example.com',
      scopes: ['https://www.googleapis.com/auth/calendar.readonly'],
    });
    expect(bob.subject).toBe('bob@example.com');
  });

  it('reads the key again after a read failed, instead of keeping the failure', async () => {
    // Prepare
    let reads = 0;
    const { clients } = clientsWith(async () => {
      reads += 1;
      if (reads === 1) throw new GoogleWorkspaceError('credentials', 'secret unavailable');
      return KEY;
    });

    // Act
    const first = await clients.for('alice@example.com').catch((error: unknown) => error);
    const second = await clients.for('alice@example.com');

    // Assess
    expect(first).toMatchObject({ code: 'credentials', message: 'secret unavailable' });
    expect(second.subject).toBe('alice@example.com');
    expect(reads).toBe(2);
  });

  it('drops the least recently used client past fifty users', async () => {
    // Prepare
    const { clients, built } = clientsWith(async () => KEY);
    const users = Array.from({ length: 51 }, (_, index) => `user${index}@example.com`);
    for (const user of users.slice(0, 50)) await clients.for(user);
    await clients.for('user0@example.com');

    // Act
    await clients.for('user50@example.com');
    await clients.for('user0@example.com');
    await clients.for('user1@example.com');

    // Assess
    expect(built.map((auth) => auth.subject).slice(50)).toEqual([
      'user50@example.com',
      'user1@example.com',
    ]);
  });
});
