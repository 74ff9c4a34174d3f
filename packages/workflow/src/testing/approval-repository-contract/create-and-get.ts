import { AlreadyExistsError, ValidationError } from '@agentcore/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRepository } from '../../ports.js';
import type { ManualClock } from '../manual-clock.js';
import { type ContractFixture, proposedAction, refusal, SECOND, TOOL } from './support.js';

/** Creating a request and reading it back. */
export function createAndGetContract(fixture: ContractFixture): void {
  const { newApproval, stored } = fixture;
  let clock: ManualClock;
  let repository: ApprovalRepository;

  beforeEach(() => {
    ({ clock, repository } = fixture.current());
  });

  describe('create', () => {
    it('records a new request as received, at version 1, stamped by the clock', async () => {
      // Prepare
      const input = newApproval();

      // Act
      const created = await repository.create(input, 'api');

      // Assess
      expect(created).toEqual({
        ...input,
        status: 'received',
        version: 1,
        createdAt: '2030-01-01T00:00:00.000Z',
        updatedAt: '2030-01-01T00:00:00.000Z',
        allowedTools: [],
        toolPins: {},
        votes: [],
        step: 1,
        earlierSteps: [],
      });
      expect(await repository.get(input.requestId)).toEqual(created);
    });

    it('returns the stored request when the same one is created again, as it is now', async () => {
      // Prepare
      const input = newApproval();
      const first = await repository.create(input, 'api');
      clock.advance(SECOND);

      // Act
      const again = await repository.create(input, 'api');
      await repository.transition(input.requestId, {
        from: 'received',
        to: 'pending',
        actor: 'approval',
      });
      const afterItMoved = await repository.create(input, 'api');

      // Assess
      expect(again).toEqual(first);
      expect(afterItMoved).toEqual(await stored(input.requestId));
      expect(afterItMoved).toMatchObject({ status: 'pending', version: 2 });
    });

    it('refuses the same request id with different content, keeping the stored one', async () => {
      // Prepare
      const input = newApproval();
      const first = await repository.create(input, 'api');

      // Act
      const otherAction = await refusal(() =>
        repository.create(
          { ...input, action: proposedAction({ query: 'something else entirely' }) },
          'api',
        ),
      );
      const otherExecution = await refusal(() =>
        repository.create({ ...input, executionArn: 'arn:other' }, 'api'),
      );

      // Assess
      expect(otherAction).toBeInstanceOf(AlreadyExistsError);
      expect(otherExecution).toBeInstanceOf(AlreadyExistsError);
      expect(await repository.get(input.requestId)).toEqual(first);
    });

    const invalid: [string, Record<string, unknown>][] = [
      ['a missing requester', { requester: undefined }],
      ['a request id that is not a ULID', { requestId: 'sha256-of-the-text' }],
      ['a tool name Bedrock would refuse', { intendedTools: ['google admin/reset 2fa!'] }],
      ['an oversized query', { action: proposedAction({ query: 'x'.repeat(20_000) }) }],
      ['a wrong type', { intendedTools: TOOL }],
      ['an empty execution ARN', { executionArn: '' }],
    ];

    it.each(invalid)(
      'refuses %s with a validation error, storing nothing',
      async (_, overrides) => {
        // Prepare
        const valid = newApproval();
        const input = { ...valid, ...overrides };

        // Act
        const refused = await refusal(() => repository.create(input as never, 'api'));

        // Assess
        expect(refused).toBeInstanceOf(ValidationError);
        expect(await repository.get(valid.requestId)).toBeUndefined();
      },
    );

    it('reports an unknown request as undefined', async () => {
      // Act
      const item = await repository.get(newApproval().requestId);

      // Assess
      expect(item).toBeUndefined();
    });
  });
}
