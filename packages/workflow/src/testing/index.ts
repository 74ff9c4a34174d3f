// Test doubles of the workflow's ports, and the contract tests shared with the real adapters.
// A subpath of its own (`@agentcore/workflow/testing`), so Lambda bundles never include it.
export {
  type ApprovalRepositoryFactory,
  approvalRepositoryContract,
} from './approval-repository-contract/index.js';
export {
  type ApprovalRepositoryMethod,
  InMemoryApprovalRepository,
  type RecordedAuditEvent,
} from './in-memory-approval-repository.js';
export { InMemoryExecutionAudit } from './in-memory-execution-audit.js';
export { ManualClock } from './manual-clock.js';
export { RecordingExecutionStarter } from './recording-execution-starter.js';
export { RecordingNotifier } from './recording-notifier.js';
export { RecordingTaskTokens, type TaskTokenDelivery } from './recording-task-tokens.js';
export { StaticDirectory } from './static-directory.js';
