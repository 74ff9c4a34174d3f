import { describe, expect, it } from 'vitest';
import { mcpLogger } from '../src/index.js';
import { capturedLogger } from './support.js';

/** Deterministic PRNG (mulberry32): every run checks the same cases, and a failure names its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENSITIVE_KEYS = [
  'secret',
  'clientSecret',
  'taskToken',
  'TASK_TOKEN',
  'refresh-token',
  'password',
  'Passcode',
  'code',
  'totpCode',
  'otp',
  'Authorization',
  'api_key',
  'apiKey',
  'x-api-key',
  'credentials',
  'Cookie',
  'signature',
];
const ORDINARY_KEYS = [
  'requestId',
  'executionArn',
  'step',
  'tool',
  'args',
  'items',
  'detail',
  'note',
];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

interface Case {
  fields: Record<string, unknown>;
  message: string;
  planted: string[];
}

function generate(next: () => number, registered: readonly string[]): Case {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const planted: string[] = [];
  const secret = (): string => {
    const length = 12 + Math.floor(next() * 20);
    const value = `S${Array.from({ length }, () => pick([...ALPHABET])).join('')}`;
    planted.push(value);
    return value;
  };
  const registeredText = (): string => {
    const value = pick(registered);
    const variant = next() < 0.3 ? value.toLowerCase() : value;
    return pick([variant, `seed=${variant};`, `it was ${variant}, really`]);
  };
  const plantedUnderKey = (depth: number): unknown => {
    const shape = next();
    if (shape < 0.4) return secret();
    if (shape < 0.55) return Number(`9${Math.floor(next() * 1e5)}`.padEnd(6, '7'));
    if (shape < 0.75) return [secret(), { inner: secret() }];
    return build(depth + 1, true);
  };
  const ordinary = (depth: number): unknown => {
    const shape = next();
    if (depth < 4 && shape < 0.3) return build(depth + 1, false);
    if (depth < 4 && shape < 0.45) return [ordinary(depth + 1), ordinary(depth + 1)];
    if (shape < 0.6) return registeredText();
    if (shape < 0.7) {
      return new Error(`failed: ${registeredText()}`, {
        cause: { [pick(SENSITIVE_KEYS)]: plantedUnderKey(depth + 1) },
      });
    }
    if (shape < 0.85) return Math.floor(next() * 1000);
    return pick(['cat', 'ok', 'gifs__search_gifs', 'Decide']);
  };
  function build(depth: number, forceSensitive: boolean): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    const size = 1 + Math.floor(next() * 4);
    for (let index = 0; index < size; index += 1) {
      if (forceSensitive || next() < 0.4) {
        object[pick(SENSITIVE_KEYS)] = plantedUnderKey(depth);
      } else {
        object[`${pick(ORDINARY_KEYS)}${index}`] = ordinary(depth);
      }
    }
    return object;
  }
  const fields = build(0, false);
  const message = next() < 0.5 ? 'Tool called' : `Tool called with ${registeredText()}`;
  // Numbers planted above are recorded as text so the assertion looks for them too.
  collectNumbers(fields, planted);
  return { fields, message, planted };
}

function collectNumbers(value: unknown, planted: string[], sensitive = false): void {
  if (typeof value === 'number' && sensitive) planted.push(String(value));
  if (value instanceof Error) collectNumbers(value.cause, planted, false);
  else if (Array.isArray(value)) for (const item of value) collectNumbers(item, planted, sensitive);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      collectNumbers(item, planted, sensitive || SENSITIVE_KEYS.includes(key));
    }
  }
}

describe('redaction, property-style', () => {
  it('never lets a planted secret or registered value reach a line', () => {
    // Prepare
    const registered = ['JBSWY3DPEHPK3PXPQWERTY', 'gk_live_ab12cd34ef56', 'sm-api-key-7f3e9a'];
    const { logger, lines } = capturedLogger({
      level: 'DEBUG',
      redactValues: registered.slice(0, 2),
    });
    logger.redactValue(registered[2] as string);
    const port = mcpLogger(logger);
    const planted: string[] = [...registered];

    // Act
    for (let seed = 1; seed <= 300; seed += 1) {
      const next = random(seed);
      const generated = generate(next, registered);
      planted.push(...generated.planted);
      const level = (['debug', 'info', 'warn', 'error'] as const)[seed % 4] ?? 'info';
      if (seed % 3 === 0) port[level](generated.message, generated.fields);
      else logger[level](generated.message, { seed, ...generated.fields });
    }

    // Assess
    expect(lines).toHaveLength(300);
    expect(planted.length).toBeGreaterThan(1000);
    const leaks = planted.flatMap((value) =>
      lines.filter((line) => line.toLowerCase().includes(value.toLowerCase())).map(() => value),
    );
    expect(leaks).toEqual([]);
  });
});
