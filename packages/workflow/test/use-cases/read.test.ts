import { NotFoundError, newRequestId, ValidationError } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  ListRequestsInputSchema,
  listRequests,
  readRequest,
  requestView,
} from '../../src/index.js';
import { refusal, World } from '../support/world.js';

describe('readRequest', () => {
  it('returns the request as callers may see it', async () => {
    // Prepare
    const world = new World();
    const item = await world.inStatus('pending', { taskToken: 'secret-token-1' });

    // Act
    const view = await readRequest(world.approvals, item.requestId);

    // Assess
    expect(view).toEqual(requestView(item));
    expect(JSON.stringify(view)).not.toContain('secret-token-1');
  });

  it('answers NotFoundError for a request nobody recorded', async () => {
    // Act
    const error = await refusal(() => readRequest(new World().approvals, newRequestId(0)));

    // Assess
    expect(error).toBeInstanceOf(NotFoundError);
  });
});

describe('listRequests', () => {
  it('lists pending requests newest first by default, a page at a time, without tokens', async () => {
    // Prepare
    const world = new World();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await world.inStatus('pending', { taskToken: `secret-token-${i}` })).requestId);
      world.clock.advance(1_000);
    }
    await world.inStatus('approved');

    // Act
    const first = await listRequests(world.approvals, ListRequestsInputSchema.parse({ limit: 2 }));
    const second = await listRequests(
      world.approvals,
      ListRequestsInputSchema.parse({ limit: 2, cursor: first.nextCursor }),
    );
    const last = await listRequests(
      world.approvals,
      ListRequestsInputSchema.parse({ limit: 2, cursor: second.nextCursor }),
    );

    // Assess
    const listed = [first, second, last].flatMap((page) => page.requests);
    expect(listed.map((view) => view.requestId)).toEqual([...ids].reverse());
    expect(listed.every((view) => view.status === 'pending')).toBe(true);
    expect(last.nextCursor).toBeUndefined();
    expect(JSON.stringify(listed)).not.toContain('secret-token');
  });

  it('lists the status asked for', async () => {
    // Prepare
    const world = new World();
    const approved = await world.inStatus('approved');
    await world.inStatus('pending');

    // Act
    const page = await listRequests(
      world.approvals,
      ListRequestsInputSchema.parse({ status: 'approved' }),
    );

    // Assess
    expect(page.requests.map((view) => view.requestId)).toEqual([approved.requestId]);
  });

  it.each<[string, unknown]>([
    ['a page of 0', { limit: 0 }],
    ['a page of 101', { limit: 101 }],
    ['an unknown status', { status: 'stuck' }],
  ])('refuses %s', (_, input) => {
    // Act
    const parsed = ListRequestsInputSchema.safeParse(input);

    // Assess
    expect(parsed.success).toBe(false);
  });

  it('refuses a cursor the store never issued', async () => {
    // Act
    const error = await refusal(() =>
      listRequests(new World().approvals, ListRequestsInputSchema.parse({ cursor: 'forged' })),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
  });
});
