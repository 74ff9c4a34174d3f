import { HttpError } from '../http-errors.js';

/**
 * Refuses a change made against another version than the one saved now, so that two
 * administrators cannot silently overwrite each other's edits (409: reload, apply again).
 */
export function assertCurrent(
  subject: string,
  current: number,
  expectedVersion: number | undefined,
): void {
  if (expectedVersion !== undefined && expectedVersion !== current) {
    throw new HttpError(
      409,
      'version_conflict',
      `the ${subject} is at version ${current}, not ${expectedVersion}: reload and apply your change again`,
    );
  }
}
