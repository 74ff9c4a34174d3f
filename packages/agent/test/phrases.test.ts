import { describe, expect, it } from 'vitest';
import { PHRASE_EXAMPLES, planFromWords, type WordsPlan } from '../src/index.js';

/** Every tool the built-in servers offer, under their usual aliases. */
const CATALOG = [
  'google_admin__list_users',
  'google_admin__get_user',
  'google_admin__add_user',
  'google_admin__suspend_user',
  'google_admin__unsuspend_user',
  'google_admin__reset_2fa',
  'google_admin__get_amazon_roles',
  'google_admin__add_amazon_role',
  'google_admin__remove_amazon_role',
  'google_calendar__list_calendars',
  'google_calendar__freebusy',
  'google_calendar__create_event',
  'google_calendar__get_event',
  'google_calendar__delete_event',
  'jira__list_issues',
  'jira__lookup_project_key',
  'jira__create_project',
  'jira__list_projects_for_user',
  'jira__add_project_admin',
  'totp__get_totp_code',
  'totp__generate_totp_code',
  'gifs__search_gifs',
  'gifs__get_random_gif',
  'gifs__get_trending_gifs',
  'gifs__get_random_gif_for_slack',
];

const ROLE = 'arn:aws:iam::123456789012:role/Developer';
const PROVIDER = 'arn:aws:iam::123456789012:saml-provider/Google';

function planned(query: string, catalog: readonly string[] = CATALOG): WordsPlan {
  const plan = planFromWords(query, catalog);
  if ('notUnderstood' in plan) throw new Error(`not understood: ${query}: ${plan.notUnderstood}`);
  return plan;
}

describe('planFromWords', () => {
  it.each([
    // Reset 2FA: the seed had no phrasing for it, and needed "google" and "user" besides.
    ['reset 2FA for bob@example.com', 'google_admin__reset_2fa', { email: 'bob@example.com' }],
    [
      'Reset 2-step verification of bob@example.com',
      'google_admin__reset_2fa',
      { email: 'bob@example.com' },
    ],
    [
      'please turn off MFA for bob@example.com',
      'google_admin__reset_2fa',
      { email: 'bob@example.com' },
    ],
    [
      'bob@example.com lost his phone, reset his two-factor',
      'google_admin__reset_2fa',
      { email: 'bob@example.com' },
    ],
    // Suspend: the seed's "disable" and "terminate" matched nothing, and "unsuspend" is not it.
    [
      'suspend the Google user bob@example.com',
      'google_admin__suspend_user',
      { user_key: 'bob@example.com' },
    ],
    ['disable bob@example.com', 'google_admin__suspend_user', { user_key: 'bob@example.com' }],
    [
      'Deactivate the account of bob@example.com',
      'google_admin__suspend_user',
      { user_key: 'bob@example.com' },
    ],
    [
      'terminate the Google account of bob@example.com',
      'google_admin__suspend_user',
      { user_key: 'bob@example.com' },
    ],
    ['unsuspend bob@example.com', 'google_admin__unsuspend_user', { user_key: 'bob@example.com' }],
    ['resume bob@example.com', 'google_admin__unsuspend_user', { user_key: 'bob@example.com' }],
    [
      're-enable the Google account bob@example.com',
      'google_admin__unsuspend_user',
      { user_key: 'bob@example.com' },
    ],
    [
      'restore access for bob@example.com',
      'google_admin__unsuspend_user',
      { user_key: 'bob@example.com' },
    ],
    // Get and list: the seed's `add` also matched "address".
    [
      'get the Google user bob@example.com',
      'google_admin__get_user',
      { user_key: 'bob@example.com' },
    ],
    [
      'show me the user whose address is bob@example.com',
      'google_admin__get_user',
      { user_key: 'bob@example.com' },
    ],
    ['who is bob@example.com?', 'google_admin__get_user', { user_key: 'bob@example.com' }],
    ['list Google users', 'google_admin__list_users', {}],
    ['show all users in the Workspace', 'google_admin__list_users', {}],
    // Create a user, with the name said or taken from the address.
    [
      'create a Google user carol@example.com named Carol Jones',
      'google_admin__add_user',
      { primary_email: 'carol@example.com', first_name: 'Carol', last_name: 'Jones' },
    ],
    [
      'create user carol@example.com called Carol van Dyke in /Engineering',
      'google_admin__add_user',
      {
        primary_email: 'carol@example.com',
        first_name: 'Carol',
        last_name: 'van Dyke',
        org_unit_path: '/Engineering',
      },
    ],
    [
      'Add user Carol Jones (carol@example.com)',
      'google_admin__add_user',
      { primary_email: 'carol@example.com', first_name: 'Carol', last_name: 'Jones' },
    ],
    [
      'new Workspace account carol.jones@example.com',
      'google_admin__add_user',
      { primary_email: 'carol.jones@example.com', first_name: 'Carol', last_name: 'Jones' },
    ],
    // AWS roles, with the ARNs the tools need.
    [
      `add AWS role ${ROLE} with provider ${PROVIDER} to alice@example.com`,
      'google_admin__add_amazon_role',
      { user_key: 'alice@example.com', admin_role: ROLE, identity_provider: PROVIDER },
    ],
    [
      `grant alice@example.com ${ROLE} via ${PROVIDER}`,
      'google_admin__add_amazon_role',
      { user_key: 'alice@example.com', admin_role: ROLE, identity_provider: PROVIDER },
    ],
    [
      `remove the AWS role ${ROLE} (${PROVIDER}) from alice@example.com`,
      'google_admin__remove_amazon_role',
      { user_key: 'alice@example.com', admin_role: ROLE, identity_provider: PROVIDER },
    ],
    [
      `Please grant alice@example.com the role ${ROLE} through ${PROVIDER}.`,
      'google_admin__add_amazon_role',
      { user_key: 'alice@example.com', admin_role: ROLE, identity_provider: PROVIDER },
    ],
    [
      `revoke ${ROLE} ${PROVIDER} for alice@example.com`,
      'google_admin__remove_amazon_role',
      { user_key: 'alice@example.com', admin_role: ROLE, identity_provider: PROVIDER },
    ],
    [
      'list the AWS roles of alice@example.com',
      'google_admin__get_amazon_roles',
      { user_key: 'alice@example.com' },
    ],
    // Jira.
    ['list Jira issues in LAUNCH', 'jira__list_issues', { projectKey: 'LAUNCH' }],
    ['show the open tickets for project OPS', 'jira__list_issues', { projectKey: 'OPS' }],
    [
      'list issues assigned to bob@example.com',
      'jira__list_issues',
      { assigneeEmail: 'bob@example.com' },
    ],
    ['what is the project key for Launch', 'jira__lookup_project_key', { name: 'Launch' }],
    [
      'look up the Jira key of "Website Redesign"',
      'jira__lookup_project_key',
      { name: 'Website Redesign' },
    ],
    [
      'find the project key of the Mobile App project',
      'jira__lookup_project_key',
      { name: 'Mobile App' },
    ],
    [
      'create a Jira project Launch with key LAUNCH',
      'jira__create_project',
      { name: 'Launch', key: 'LAUNCH' },
    ],
    [
      'create Jira project called Mobile App (MOB)',
      'jira__create_project',
      { name: 'Mobile App', key: 'MOB' },
    ],
    [
      'new project named Website, key WEB2',
      'jira__create_project',
      { name: 'Website', key: 'WEB2' },
    ],
    // TOTP.
    ['get the TOTP code for demo', 'totp__get_totp_code', { secret_name: 'demo' }],
    [
      'TOTP for secret prod/github-admin',
      'totp__get_totp_code',
      { secret_name: 'prod/github-admin' },
    ],
    [
      'give me the one-time code from "aws-root"',
      'totp__get_totp_code',
      { secret_name: 'aws-root' },
    ],
    // GIFs.
    ['search GIFs for cats', 'gifs__search_gifs', { query: 'cats' }],
    ['find a dancing penguin gif', 'gifs__search_gifs', { query: 'dancing penguin' }],
    ['random gif', 'gifs__get_random_gif', {}],
    ['send me a random cat GIF', 'gifs__get_random_gif', { tag: 'cat' }],
    ['trending gifs', 'gifs__get_trending_gifs', {}],
  ])('plans "%s" as %s', (query, tool, args) => {
    // Act
    const plan = planned(query);

    // Assess
    expect(plan.calls).toEqual([{ tool, arguments: args }]);
    expect(plan.summary).not.toBe('');
  });

  it('classifies changes to people by category and names what they are about', () => {
    // Act
    const reset = planned('reset 2FA for bob@example.com');
    const grant = planned(`add AWS role ${ROLE} with provider ${PROVIDER} to alice@example.com`);
    const read = planned('get the Google user bob@example.com');

    // Assess
    expect(reset).toMatchObject({
      category: 'user_account_access',
      resource: 'bob@example.com',
      understood: 'reset 2FA',
      summary: 'Reset 2-Step Verification for bob@example.com',
    });
    expect(grant).toMatchObject({ category: 'aws_role_access', resource: ROLE });
    expect(read).toMatchObject({ category: 'other' });
  });

  it('plans every one of its own examples', () => {
    // Act
    const plans = PHRASE_EXAMPLES.map((example) => planFromWords(example, CATALOG));

    // Assess
    for (const plan of plans) expect(plan).toHaveProperty('calls');
  });

  it.each([
    ['what is the weather like?'],
    ['make it so'],
    // "aws" inside another word, and "add" inside "address", were the seed's false matches.
    ['the draws for the address list'],
    ['enable 2FA for bob@example.com'],
  ])('does not understand "%s", and says what it can do', (query) => {
    // Act
    const plan = planFromWords(query, CATALOG);

    // Assess
    expect(plan).toEqual({ notUnderstood: expect.stringContaining(`"${query}"`) });
    expect(plan).toEqual({
      notUnderstood: expect.stringContaining('reset 2FA for bob@example.com'),
    });
  });

  it.each([
    ['reset 2FA for somebody', 'whose 2-Step Verification'],
    [`add AWS role ${ROLE} to alice@example.com`, 'SAML provider ARN'],
    ['give alice@example.com the AWS Developer role', 'IAM role ARN'],
    ['create user dave@example.com', 'first and last name'],
    ['create a Jira project Launch', 'key'],
    ['get a TOTP code', 'which secret'],
  ])('names what "%s" lacks', (query, missing) => {
    // Act
    const plan = planFromWords(query, CATALOG);

    // Assess
    expect(plan).toEqual({ notUnderstood: expect.stringContaining(missing) });
  });

  it.each([
    ["don't suspend bob@example.com", 'what not to do'],
    ['never reset 2FA for bob@example.com', 'what not to do'],
    ['suspend bob@example.com and alice@example.com', 'names 2 email addresses'],
  ])('refuses to guess at "%s"', (query, reason) => {
    // Act
    const plan = planFromWords(query, CATALOG);

    // Assess
    expect(plan).toEqual({ notUnderstood: expect.stringContaining(reason) });
  });

  it('proposes a tool under the alias the catalog gives its server', () => {
    // Act
    const plan = planned('get the TOTP code for demo', ['codes__get_totp_code']);

    // Assess
    expect(plan.calls).toEqual([
      { tool: 'codes__get_totp_code', arguments: { secret_name: 'demo' } },
    ]);
  });

  it('says so when the server a request needs is not configured', () => {
    // Prepare
    const withoutGoogle = CATALOG.filter((name) => !name.startsWith('google_admin__'));

    // Act
    const plan = planFromWords('reset 2FA for bob@example.com', withoutGoogle);

    // Assess
    expect(plan).toEqual({
      notUnderstood: expect.stringMatching(/reset 2FA.*no configured MCP server offers reset_2fa/),
    });
  });
});
