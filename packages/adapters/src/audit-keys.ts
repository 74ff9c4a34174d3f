import {
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import {
  AuditKeyError,
  type AuditKeySource,
  auditKeyringText,
  cachedAuditKeys,
  generateAuditKeyring,
  parseAuditKeyring,
} from '@agentcore/store';
import type { AwsTarget } from './aws-clients.js';
import { readSecretText, SecretReadError } from './secret-text.js';

/**
 * The audit keyring from Secrets Manager (the secret's text is the keyring JSON), read once
 * per cold start. Errors name the secret and the failure, never its value.
 */
export function secretsManagerAuditKeys(target: AwsTarget, secretId: string): AuditKeySource {
  return cachedAuditKeys(async () => {
    try {
      return parseAuditKeyring(
        await readSecretText(target, secretId, 'audit key'),
        `secret ${secretId}`,
      );
    } catch (error) {
      if (error instanceof SecretReadError) throw new AuditKeyError(error.message);
      throw error;
    }
  });
}

/** A function whose configuration names no audit key: it fails where it would MAC. */
export function missingAuditKeys(functionName: string): AuditKeySource {
  return async () => {
    throw new AuditKeyError(
      `the ${functionName} function has no audit key: set AUDIT_KEY_SECRET_ARN to the secret holding it`,
    );
  };
}

/**
 * The local audit keyring at `path`, created on first start (mode 600, only this user may read
 * it). A file made for a data folder that already holds events accepts the unkeyed events
 * written before it (`legacyBefore`: now).
 */
export function fileAuditKeys(path: string, now: () => Date = () => new Date()): AuditKeySource {
  return cachedAuditKeys(async () => {
    mkdirSync(dirname(path), { recursive: true });
    createOnce(path, auditKeyringText(generateAuditKeyring({ legacyBefore: now() })));
    if ((statSync(path).mode & 0o077) !== 0) {
      throw new AuditKeyError(`${path} may be read by other users: chmod 600 it`);
    }
    return parseAuditKeyring(readFileSync(path, 'utf8'), path);
  });
}

/** Writes `text` to a new file, owner-only; a file already there is kept (another start made it). */
function createOnce(path: string, text: string): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
