import type { ApprovalCategory } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import { inferAction } from '../src/index.js';

const ARN = 'arn:aws:iam::123456789012:role/Ops.Admin+Team@x';

describe('natural-language inference', () => {
  it.each([
    {
      text: `Grant ${ARN} to jane@example.com`,
      category: 'aws_role_access',
      tools: ['google_admin__get_amazon_roles', 'google_admin__add_amazon_role'],
      resource: ARN,
      rule: 'aws-role-grant',
    },
    {
      text: 'please add the AWS admin role for bob',
      category: 'aws_role_access',
      tools: ['google_admin__get_amazon_roles', 'google_admin__add_amazon_role'],
      rule: 'aws-role-grant',
    },
    {
      text: `Revoke ${ARN} from jane`,
      category: 'aws_role_access',
      tools: ['google_admin__get_amazon_roles', 'google_admin__remove_amazon_role'],
      resource: ARN,
      rule: 'aws-role-revoke',
    },
    {
      text: 'remove aws access for the contractor',
      category: 'aws_role_access',
      tools: ['google_admin__get_amazon_roles', 'google_admin__remove_amazon_role'],
      rule: 'aws-role-revoke',
    },
    {
      text: 'swap her AWS role: remove the old one and grant the new one',
      category: 'aws_role_access',
      tools: [
        'google_admin__get_amazon_roles',
        'google_admin__add_amazon_role',
        'google_admin__remove_amazon_role',
      ],
      rule: 'aws-role-change',
    },
    {
      text: 'list the AWS roles of jane',
      category: 'other',
      tools: ['google_admin__get_amazon_roles'],
      rule: 'aws-role-read',
    },
    {
      text: `which roles does ${ARN} map to? describe it`,
      category: 'other',
      tools: ['google_admin__get_amazon_roles'],
      resource: ARN,
      rule: 'aws-role-read',
    },
    {
      text: 'Suspend the Google account of jane@example.com',
      category: 'user_account_access',
      tools: ['google_admin__suspend_user'],
      resource: 'jane@example.com',
      rule: 'google-suspend',
    },
    {
      text: 'disable google workspace user mark@example.com',
      category: 'user_account_access',
      tools: ['google_admin__suspend_user'],
      resource: 'mark@example.com',
      rule: 'google-suspend',
    },
    {
      text: 'terminate the google account of a leaver',
      category: 'user_account_access',
      tools: ['google_admin__suspend_user'],
      rule: 'google-suspend',
    },
    {
      text: 'unsuspend google user ann@example.com',
      category: 'user_account_access',
      tools: ['google_admin__unsuspend_user'],
      resource: 'ann@example.com',
      rule: 'google-unsuspend',
    },
    {
      text: 'restore the google account for ann',
      category: 'user_account_access',
      tools: ['google_admin__unsuspend_user'],
      rule: 'google-unsuspend',
    },
    {
      text: 'reset 2FA on the google account of ann@example.com',
      category: 'user_account_access',
      tools: ['google_admin__reset_2fa'],
      resource: 'ann@example.com',
      rule: 'google-reset-2fa',
    },
    {
      text: 'create a google workspace user for the new hire',
      category: 'user_account_access',
      tools: ['google_admin__add_user'],
      rule: 'google-add-user',
    },
    {
      text: 'look up the google user ann@example.com',
      category: 'other',
      tools: ['google_admin__get_user'],
      resource: 'ann@example.com',
      rule: 'google-get-user',
    },
    {
      text: 'list google workspace users',
      category: 'other',
      tools: ['google_admin__list_users'],
      rule: 'google-list-users',
    },
    {
      text: 'what is the office address of the laws department?',
      category: 'other',
      tools: [],
      rule: 'none',
    },
    {
      text: 'send me a funny gif',
      category: 'other',
      tools: [],
      rule: 'none',
    },
    {
      text: 'google something for me',
      category: 'other',
      tools: [],
      rule: 'none',
    },
  ] satisfies {
    text: string;
    category: ApprovalCategory;
    tools: string[];
    resource?: string;
    rule: string;
  }[])('"$text" -> $rule', ({ text, category, tools, resource, rule }) => {
    // Act
    const inferred = inferAction(text);

    // Assess
    expect(inferred).toEqual({
      category,
      intendedTools: tools,
      ...(resource === undefined ? {} : { resource }),
      rule,
    });
  });

  it('uses the configured alias of the Google Admin server', () => {
    // Act
    const inferred = inferAction('grant the aws role', { googleAdminAlias: 'gadmin' });

    // Assess
    expect(inferred.intendedTools).toEqual(['gadmin__get_amazon_roles', 'gadmin__add_amazon_role']);
  });
});
