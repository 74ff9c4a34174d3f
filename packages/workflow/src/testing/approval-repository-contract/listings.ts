import { type ApprovalItem, type RequestStatus, ValidationError } from '@agentcore/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRepository } from '../../ports.js';
import type { ManualClock } from '../manual-clock.js';
import { type ContractFixture, proposedAction, refusal, SECOND } from './support.js';

/** Listings by status and by requester, with their pagination. */
export function listingsContract(fixture: ContractFixture): void {
  const { newApproval, stored, pendingRequest } = fixture;
  let clock: ManualClock;
  let repository: ApprovalRepository;

  beforeEach(() => {
    ({ clock, repository } = fixture.current());
  });

  describe('listByStatus', () => {
    async function createOnePerSecond(count: number): Promise<string[]> {
      const ids: string[] = [];
      for (let index = 0; index < count; index++) {
        clock.advance(SECOND);
        ids.push((await repository.create(newApproval(), 'cli')).requestId);
      }
      return ids;
    }

    async function allPages(status: RequestStatus, limit: number) {
      const pages: ApprovalItem[][] = [];
      let cursor: string | undefined;
      do {
        const page = await repository.listByStatus(status, { limit, cursor });
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor !== undefined && pages.length < 20);
      return { pages, cursor };
    }

    it('lists one status newest first, a page at a time, until no cursor is left', async () => {
      // Prepare
      const ids = await createOnePerSecond(5);
      const [moved] = ids as [string];
      await repository.transition(moved, { from: 'received', to: 'pending', actor: 'approval' });

      // Act
      const first = await repository.listByStatus('received', { limit: 2 });
      const received = await allPages('received', 2);
      const pending = await repository.listByStatus('pending', {});

      // Assess
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).toEqual(expect.any(String));
      expect(received.cursor).toBeUndefined();
      for (const page of received.pages) expect(page.length).toBeLessThanOrEqual(2);
      const listed = received.pages.flat().map((item) => item.requestId);
      expect(listed).toEqual(ids.slice(1).reverse());
      expect(pending.items).toEqual([await stored(moved)]);
      expect(pending.nextCursor).toBeUndefined();
    });

    it('lists the items as stored', async () => {
      // Prepare
      const pending = await pendingRequest();

      // Act
      const page = await repository.listByStatus('pending', { limit: 10 });

      // Assess
      expect(page).toEqual({ items: [pending] });
    });

    it('gives an empty page for a status nobody is in', async () => {
      // Prepare
      await createOnePerSecond(1);

      // Act
      const page = await repository.listByStatus('completed', {});

      // Assess
      expect(page).toEqual({ items: [] });
    });

    const badOptions: [string, RequestStatus, { limit?: number; cursor?: string }][] = [
      ['a cursor it did not issue', 'pending', { cursor: 'not-a-cursor' }],
      ['a limit of 0', 'pending', { limit: 0 }],
      ['a limit over 100', 'pending', { limit: 101 }],
      ['an unknown status', 'done' as never, {}],
    ];

    it.each(badOptions)('refuses %s', async (_, status, options) => {
      // Act
      const refused = await refusal(() => repository.listByStatus(status, options));

      // Assess
      expect(refused).toBeInstanceOf(ValidationError);
    });
  });

  describe('listByRequester', () => {
    it("lists one requester's requests newest first, a page at a time, and no one else's", async () => {
      // Prepare
      const mine: string[] = [];
      for (let index = 0; index < 3; index++) {
        clock.advance(SECOND);
        mine.push((await repository.create(newApproval(), 'cli')).requestId);
        clock.advance(SECOND);
        const other = newApproval();
        await repository.create(
          { ...other, requester: { userId: 'U_SOMEONE_ELSE', groups: [] } },
          'cli',
        );
      }
      const requesterId = proposedAction().requester.userId;

      // Act
      const first = await repository.listByRequester(requesterId, { limit: 2 });
      const second = await repository.listByRequester(requesterId, {
        limit: 2,
        cursor: first.nextCursor,
      });
      const nobody = await repository.listByRequester('U_NOBODY', {});

      // Assess
      expect([...first.items, ...second.items].map((item) => item.requestId)).toEqual(
        [...mine].reverse(),
      );
      expect(second.nextCursor).toBeUndefined();
      expect(nobody).toEqual({ items: [] });
    });

    it('refuses a cursor it did not issue', async () => {
      // Act
      const refused = await refusal(() =>
        repository.listByRequester('U_ANYONE', { cursor: 'not-a-cursor' }),
      );

      // Assess
      expect(refused).toBeInstanceOf(ValidationError);
    });
  });
}
