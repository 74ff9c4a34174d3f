import { expect } from 'vitest';
import { type LocalSystem, requestIdOf } from './local-system.js';

let counter = 0;

/** An address no other test uses, so each request is told apart by its arguments. */
export function uniqueEmail(): string {
  counter += 1;
  return `cli${counter}-${Date.now()}@example.com`;
}

/** `hitl-mcp run` of the fixture's reset_2fa (which needs approval); returns the request id. */
export async function submitReset(
  system: LocalSystem,
  address: string,
  flags: string[] = [],
): Promise<string> {
  const submitted = await system.hitl(
    'run',
    '--tool',
    'ops__reset_2fa',
    '--args',
    JSON.stringify({ email: address }),
    '--json',
    ...flags,
  );
  expect(submitted.code, submitted.stderr).toBe(0);
  return requestIdOf(submitted.stdout);
}
