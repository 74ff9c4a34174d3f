import { beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRepository } from '../../ports.js';
import type { ContractFixture } from './support.js';

/** Malformed input is refused, and stored items never share objects with callers. */
export function refusalsAndCopiesContract(fixture: ContractFixture): void {
  const { newApproval, approve, stored, pendingRequest } = fixture;
  let repository: ApprovalRepository;

  beforeEach(() => {
    ({ repository } = fixture.current());
  });

  describe('refusals', () => {
    it('come as rejected promises, never as a throw from the call itself', async () => {
      // Prepare
      const pending = await pendingRequest();
      // Every method that validates what it is given, with input it refuses.
      const calls: Record<Exclude<keyof ApprovalRepository, 'get'>, () => Promise<unknown>> = {
        create: () => repository.create({} as never, 'api'),
        transition: () =>
          repository.transition(pending.requestId, { from: 'pending', to: 'nowhere' } as never),
        amend: () => repository.amend(pending.requestId, {} as never),
        startNextStep: () => repository.startNextStep(pending.requestId, {} as never),
        recordDecision: () => repository.recordDecision(pending.requestId, {} as never, 1),
        listByStatus: () => repository.listByStatus('nowhere' as never, {}),
        listByRequester: () => repository.listByRequester('', { limit: 0 }),
      };

      // Act
      const outcomes = Object.entries(calls).map(([method, call]) => {
        try {
          call().catch(() => undefined);
          return [method, 'a promise'];
        } catch {
          return [method, 'a throw'];
        }
      });

      // Assess
      expect(Object.fromEntries(outcomes)).toEqual({
        create: 'a promise',
        transition: 'a promise',
        amend: 'a promise',
        startNextStep: 'a promise',
        recordDecision: 'a promise',
        listByStatus: 'a promise',
        listByRequester: 'a promise',
      });
    });
  });

  describe('stored copies', () => {
    it('never share objects with callers', async () => {
      // Prepare
      const input = newApproval();
      const vote = approve('U1');

      // Act
      const created = await repository.create(input, 'api');
      const snapshot = structuredClone(created);
      const again = await repository.create(input, 'api');
      again.toolPins.mutated = 'by the caller';
      input.intendedTools.push('input__mutated');
      input.requester.groups.push('input-mutated');
      created.intendedTools.push('created__mutated');
      (await stored(created.requestId)).action.summary = 'mutated by a reader';
      await repository.transition(created.requestId, {
        from: 'received',
        to: 'pending',
        actor: 'approval',
      });
      const [listed] = (await repository.listByStatus('pending', {})).items;
      listed?.requester.groups.push('listed-mutated');
      const voted = await repository.recordDecision(created.requestId, vote, 2);
      vote.allowedTools.push('vote__mutated');
      voted.votes.length = 0;

      // Assess
      expect(await stored(created.requestId)).toEqual({
        ...snapshot,
        status: 'pending',
        votes: [approve('U1')],
        version: 3,
      });
    });
  });
}
