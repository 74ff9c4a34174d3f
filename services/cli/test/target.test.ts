import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveTarget, TargetError } from '../src/target.js';

let dir: string;
let runtimeFile: string;
let identitiesFile: string;

function writeRuntime(pid = process.pid) {
  writeFileSync(
    runtimeFile,
    JSON.stringify({
      apiUrl: 'http://127.0.0.1:4000',
      identitiesFile,
      endpoint: 'http://127.0.0.1:4001',
      pid,
    }),
  );
}

function identity(userId: string, key: string) {
  return { userId, displayName: userId, roles: ['approver'], keyId: `k-${userId}`, key };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hitl-target-'));
  runtimeFile = join(dir, 'runtime.json');
  identitiesFile = join(dir, 'api-keys.json');
  writeFileSync(
    identitiesFile,
    JSON.stringify({
      identities: {
        requester: identity('U_ALICE', 'key-alice'),
        approver: identity('U_APPROVER', 'key-ana'),
      },
    }),
  );
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function failure(run: () => unknown): TargetError {
  try {
    run();
  } catch (error) {
    if (error instanceof TargetError) return error;
    throw error;
  }
  throw new Error('expected a TargetError');
}

describe('where the CLI sends its calls, and as whom', () => {
  it('uses the local runtime as the requester by default, and as the identity --as names', () => {
    writeRuntime();
    expect(resolveTarget({}, {}, runtimeFile)).toMatchObject({
      apiUrl: 'http://127.0.0.1:4000',
      apiKey: 'key-alice',
    });
    expect(resolveTarget({ as: 'approver' }, {}, runtimeFile)).toMatchObject({ apiKey: 'key-ana' });
  });

  it('takes only the local identities for --as, and says which there are', () => {
    writeRuntime();
    const unknown = failure(() => resolveTarget({ as: 'U_APPROVER' }, {}, runtimeFile));
    const missing = failure(() => resolveTarget({ as: 'admin' }, {}, runtimeFile));
    expect(unknown).toMatchObject({ exitCode: 2 });
    expect(unknown.message).toContain('pick one of requester, approver, approver2, admin');
    expect(missing.message).toContain('no key for the local identity "admin"');
  });

  it('says when the local runtime is not running, or has stopped', () => {
    expect(failure(() => resolveTarget({}, {}, runtimeFile)).message).toContain(
      'start it with `npm start`',
    );
    writeRuntime(2 ** 22 + 12_345);
    expect(failure(() => resolveTarget({}, {}, runtimeFile)).message).toContain('has stopped');
    writeFileSync(runtimeFile, '{"endpoint": "http://127.0.0.1:1", "pi');
    expect(failure(() => resolveTarget({}, {}, runtimeFile)).message).toContain(
      'not a runtime file this CLI reads',
    );
  });

  it('targets a deployed API from flags or the environment, flags first, and refuses --as there', () => {
    const env = { HITL_API_URL: 'https://api.example.com', HITL_API_KEY: 'env-key' };
    expect(resolveTarget({}, env, runtimeFile)).toMatchObject({
      apiUrl: 'https://api.example.com',
      apiKey: 'env-key',
    });
    expect(resolveTarget({ apiKey: 'flag-key' }, env, runtimeFile)).toMatchObject({
      apiKey: 'flag-key',
    });
    const withAs = failure(() => resolveTarget({ as: 'approver' }, env, runtimeFile));
    expect(withAs.message).toContain('against a deployed API your key says who you are');
    const keyless = failure(() =>
      resolveTarget({ apiUrl: 'https://api.example.com' }, {}, runtimeFile),
    );
    expect(keyless).toMatchObject({ exitCode: 3 });
    expect(
      failure(() => resolveTarget({ apiUrl: 'ftp://x', apiKey: 'k' }, {}, runtimeFile)).message,
    ).toContain('not an http(s) URL');
  });

  it('reads a profile only from a file its owner alone can read', () => {
    // Prepare
    const profiles = join(dir, 'profiles.json');
    writeFileSync(
      profiles,
      JSON.stringify({
        profiles: { prod: { apiUrl: 'https://api.example.com', apiKey: 'prod-key' } },
      }),
    );
    const env = { HITL_PROFILES: profiles };

    // Act
    chmodSync(profiles, 0o640);
    const shared = failure(() => resolveTarget({ profile: 'prod' }, env, runtimeFile));
    chmodSync(profiles, 0o600);
    const target = resolveTarget({ profile: 'prod' }, env, runtimeFile);
    const fromEnv = resolveTarget({}, { ...env, HITL_PROFILE: 'prod' }, runtimeFile);
    const withAs = failure(() =>
      resolveTarget({ profile: 'prod', as: 'approver' }, env, runtimeFile),
    );

    // Assess
    expect(shared).toMatchObject({ exitCode: 3 });
    expect(shared.message).toContain(`chmod 600 ${profiles}`);
    expect(target).toEqual({
      apiUrl: 'https://api.example.com',
      apiKey: 'prod-key',
      label: 'https://api.example.com (profile prod)',
    });
    expect(fromEnv.apiKey).toBe('prod-key');
    expect(withAs.exitCode).toBe(2);
    expect(JSON.stringify([shared.message, withAs.message])).not.toContain('prod-key');
  });
});
