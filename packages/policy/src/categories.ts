import type { ApprovalCategory } from '@agentcore/core';

/**
 * The seed's risk weight of each category. The seed never used them; here they reach policies
 * as `context.riskWeight`, and the default policies gate categories weighing 8 or more.
 */
export const CATEGORY_RISK_WEIGHTS: Readonly<Record<ApprovalCategory, number>> = {
  user_account_access: 10,
  aws_role_access: 8,
  document_access_updates: 10,
  document_content_updates: 5,
  other: 3,
};
