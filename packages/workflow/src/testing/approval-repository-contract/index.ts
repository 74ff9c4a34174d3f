import { describe } from 'vitest';
import { createAndGetContract } from './create-and-get.js';
import { decisionsAndQuorumContract } from './decisions-and-quorum.js';
import { listingsContract } from './listings.js';
import { refusalsAndCopiesContract } from './refusals-and-copies.js';
import { startNextStepContract } from './start-next-step.js';
import { type ApprovalRepositoryFactory, contractFixture } from './support.js';
import { transitionAndAmendContract } from './transition-and-amend.js';

export type { ApprovalRepositoryFactory } from './support.js';

/**
 * The behaviour every ApprovalRepository shares, as vitest blocks: call it inside a test file
 * with a factory for the implementation under test. Each test gets a fresh repository and a
 * ManualClock starting at 2030-01-01.
 */
export function approvalRepositoryContract(makeRepository: ApprovalRepositoryFactory): void {
  describe('the ApprovalRepository contract', () => {
    const fixture = contractFixture(makeRepository);
    createAndGetContract(fixture);
    transitionAndAmendContract(fixture);
    startNextStepContract(fixture);
    decisionsAndQuorumContract(fixture);
    listingsContract(fixture);
    refusalsAndCopiesContract(fixture);
  });
}
