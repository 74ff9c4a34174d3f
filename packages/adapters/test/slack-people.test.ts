import { ManualClock } from '@agentcore/workflow/testing';
import { describe, expect, it } from 'vitest';
import {
  type DirectoryPerson,
  directorySlackIds,
  findSlackPerson,
  SubmissionLimit,
} from '../src/index.js';

const MALLORY: DirectoryPerson = {
  userId: 'U0MALLORY',
  slackUserId: 'U0OTHER',
  groups: ['approvers'],
};
const BEN: DirectoryPerson = { userId: 'U0BEN', groups: ['approvers'] };

/** A directory that only answers by directory id (no Slack index of its own). */
const byUserId = {
  person: async (userId: string) => [MALLORY, BEN].find((each) => each.userId === userId),
};

describe('findSlackPerson on a directory without a Slack index', () => {
  it('finds a person keyed by their Slack id', async () => {
    // Act
    const found = await findSlackPerson(byUserId, 'U0BEN');
    // Assess
    expect(found).toEqual({ status: 'found', person: BEN });
  });

  it('does not take a Slack user for the person whose userId it is when they name another', async () => {
    // Act
    const found = await findSlackPerson(byUserId, 'U0MALLORY');
    // Assess
    expect(found).toEqual({ status: 'unknown' });
  });
});

describe('directorySlackIds', () => {
  it('gives the named Slack id, the id itself otherwise, and the id itself when the directory fails', async () => {
    // Prepare
    const slackIdOf = directorySlackIds(byUserId);
    const broken = directorySlackIds({
      person: async () => {
        throw new Error('AccessDenied');
      },
    });
    // Act
    const ids = [await slackIdOf('U0MALLORY'), await slackIdOf('U0BEN'), await slackIdOf('x@y')];
    // Assess
    expect(ids).toEqual(['U0OTHER', 'U0BEN', 'x@y']);
    expect(await broken('E1001')).toBe('E1001');
  });
});

describe('SubmissionLimit', () => {
  it('allows a burst, then refuses with when to retry, taking nothing for a refusal', () => {
    // Prepare
    const clock = new ManualClock();
    const limit = new SubmissionLimit(2, clock.now);
    // Act
    const verdicts = [limit.take('a'), limit.take('a'), limit.take('a'), limit.take('b')];
    clock.advance(30_000);
    const refilled = limit.take('a');
    // Assess
    expect(verdicts).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: false, retryAfterSeconds: 30 },
      { allowed: true },
    ]);
    expect(refilled).toEqual({ allowed: true });
  });
});
