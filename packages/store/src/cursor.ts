import { ValidationError } from '@agentcore/core';
import * as z from 'zod';

const KeySchema = z.record(z.string(), z.union([z.string(), z.number()]));

/** Opaque pagination cursor: the DynamoDB key to continue after, base64url-encoded. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  if (!key) return undefined;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
): Record<string, string | number> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return KeySchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor();
  }
}

/** A cursor this store did not issue: a 400 for the caller, not a fault of ours. */
export function invalidCursor(): ValidationError {
  return new ValidationError('cursor', [
    { path: 'cursor', message: 'is not a cursor this store issued' },
  ]);
}

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; absent on the last page. */
  nextCursor?: string;
}
