import { describe, expect, it } from 'vitest';
import { newRequestId, RequestIdSchema, requestIdTime } from '../src/index.js';

describe('request ids', () => {
  it('are unique for the same instant and valid ULIDs', () => {
    // Act
    const ids = Array.from({ length: 1_000 }, () => newRequestId(1_763_726_400_000));

    // Assess
    expect(new Set(ids).size).toBe(1_000);
    for (const id of ids) expect(RequestIdSchema.safeParse(id).success).toBe(true);
  });

  it('sort by creation time and encode it', () => {
    // Act
    const earlier = newRequestId(1_000);
    const later = newRequestId(2_000);

    // Assess
    expect(earlier < later).toBe(true);
    expect(requestIdTime(earlier)).toBe(1_000);
    expect(requestIdTime(later)).toBe(2_000);
  });

  it('refuses a time it cannot encode', () => {
    expect(() => newRequestId(-1)).toThrow(RangeError);
    expect(() => newRequestId(2 ** 48)).toThrow(RangeError);
  });

  it('does not accept a SHA-256 hex digest as an id', () => {
    expect(RequestIdSchema.safeParse('a'.repeat(64)).success).toBe(false);
  });
});
