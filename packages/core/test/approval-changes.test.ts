import { describe, expect, it } from 'vitest';
import { StatusChangesSchema } from '../src/index.js';

describe('status changes', () => {
  it('may clear the votes, never set them (only decisions record votes)', () => {
    // Prepare
    const vote = {
      verdict: 'approved',
      approver: 'U_BOB',
      decidedAt: '2030-01-01T00:00:00.000Z',
      allowedTools: [],
    };

    // Act
    const cleared = StatusChangesSchema.safeParse({ votes: [] });
    const forged = StatusChangesSchema.safeParse({ votes: [vote] });

    // Assess
    expect(cleared.success).toBe(true);
    expect(forged.success).toBe(false);
  });

  it('refuses fields a status change may not set', () => {
    // Act
    const parsed = StatusChangesSchema.safeParse({ createdAt: '2030-01-01T00:00:00.000Z' });

    // Assess
    expect(parsed.success).toBe(false);
  });
});
