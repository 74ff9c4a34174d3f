import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * For a cancelled transaction, which of its items failed their condition (by position).
 * Undefined when the error is not a cancelled transaction.
 */
export function failedConditions(error: unknown): boolean[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map(
    (reason) => reason.Code === 'ConditionalCheckFailed',
  );
}
