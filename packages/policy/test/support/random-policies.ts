import { ApprovalCategorySchema, type ProposedAction } from '@agentcore/core';
import type { ToolCatalogInput } from '../../src/index.js';
import { proposedAction } from './actions.js';
import type { Random } from './random.js';

export const USERS = ['u0', 'u1', 'u2', 'u3'];
export const GROUPS = ['g0', 'g1', 'g2'];
export const TOOLS = [
  'jira__create_issue',
  'jira__delete_project',
  'gifs__search_gifs',
  'calendar__create_event',
  'google_admin__add_user',
  'google_admin__get_user',
];
const ACTION_GROUPS = [
  'hint:read_only',
  'hint:destructive',
  'hint:idempotent',
  'server:jira',
  'server:google_admin',
  'category:user_account_access',
];
const CATEGORIES = ApprovalCategorySchema.options;
const ENVIRONMENTS = ['dev', 'staging', 'prod'];

export const RANDOM_CATALOG: ToolCatalogInput = {
  tools: [
    { name: 'jira__create_issue', annotations: { destructiveHint: false, idempotentHint: false } },
    { name: 'jira__delete_project', annotations: { destructiveHint: true } },
    { name: 'gifs__search_gifs', annotations: { readOnlyHint: true, idempotentHint: true } },
    { name: 'calendar__create_event', annotations: { destructiveHint: false } },
    { name: 'google_admin__add_user' },
    { name: 'google_admin__get_user' },
  ],
};

function principalScope(random: Random): string {
  switch (random.int(8)) {
    case 6:
      return `principal == Group::"${random.pick(GROUPS)}"`;
    case 0:
      return `principal == User::"${random.pick(USERS)}"`;
    case 1:
      return `principal in Group::"${random.pick(GROUPS)}"`;
    case 2:
      return 'principal is User';
    case 3:
      return `principal is User in Group::"${random.pick(GROUPS)}"`;
    case 4:
      return `principal in User::"${random.pick(USERS)}"`;
    default:
      return 'principal';
  }
}

function actionScope(random: Random): string {
  switch (random.int(7)) {
    case 5:
      return `action == Action::"${random.pick(ACTION_GROUPS)}"`;
    case 0:
      return `action == Action::"${random.pick(TOOLS)}"`;
    case 1:
      return `action in Action::"${random.pick(ACTION_GROUPS)}"`;
    case 2:
      return `action in [Action::"${random.pick(TOOLS)}", Action::"${random.pick(ACTION_GROUPS)}"]`;
    case 3:
      return 'action == Action::"(no tool)"';
    case 4:
      return `action == Action::"${random.pick(TOOLS)}"`;
    default:
      return 'action';
  }
}

/** A test slicing can decide from the request alone, in every shape it recognises. */
function guardCondition(random: Random): string {
  const hour = random.pick([8, 12, 18]);
  return random.pick([
    `context.hourUtc < ${hour}`,
    `context.hourUtc <= ${hour}`,
    `context.hourUtc > ${hour}`,
    `context.hourUtc >= ${hour}`,
    `${hour} < context.hourUtc`,
    `${hour} <= context.hourUtc`,
    `${hour} > context.hourUtc`,
    `${hour} >= context.hourUtc`,
    `context.weekdayUtc == ${random.pick([0, 3, 6])}`,
    `context.riskWeight != ${random.pick([3, 8, 10])}`,
    '[3, 5].contains(context.riskWeight)',
    `context.environment != "${random.pick(ENVIRONMENTS)}"`,
    `context.category == "${random.pick(CATEGORIES)}"`,
    `["${random.pick(CATEGORIES)}", "${random.pick(CATEGORIES)}"].contains(context.category)`,
    `"${random.pick(['slack', 'api'])}" == context.source`,
    `context.tool == "${random.pick(TOOLS)}"`,
    `context has ${random.pick(['amount', 'resource', 'channel', 'server'])}`,
  ]);
}

function condition(random: Random): string {
  switch (random.int(17)) {
    case 0:
      return `context.category == "${random.pick(CATEGORIES)}"`;
    case 1:
      return `context.environment == "${random.pick(ENVIRONMENTS)}"`;
    case 2:
      return `context.riskWeight >= ${random.pick([3, 5, 8, 10])}`;
    case 3:
      return `context has amount && context.amount.greaterThan(decimal("${random.pick(['0.0', '10.0', '99.5'])}"))`;
    case 4:
      return `context has resource && context.resource like "${random.pick(['arn:*', 'doc/*', '*x'])}"`;
    case 5:
      return `principal in Group::"${random.pick(GROUPS)}"`;
    case 6:
      return `resource.hasTag("key") && resource.getTag("key") == "${random.pick(['a', 'b'])}"`;
    case 7:
      return `context.tools.contains("${random.pick(TOOLS)}")`;
    case 8:
      return `context.tool == "${random.pick(TOOLS)}"`;
    case 9:
      return guardCondition(random);
    case 10:
      return `action in Action::"${random.pick(ACTION_GROUPS)}"`;
    case 11:
      return 'principal has email && principal.email like "*@example.com"';
    case 12:
      return `context has server && context.server == "${random.pick(['jira', 'gifs'])}"`;
    case 13:
      return `["${random.pick(CATEGORIES)}", "${random.pick(CATEGORIES)}"].contains(context.category)`;
    case 14:
      return `"${random.pick(['slack', 'api'])}" == context.source`;
    case 15:
      // Fails while being evaluated: Long overflow, or a datetime conversion out of range.
      return random.chance(0.5)
        ? 'context.riskWeight + 9223372036854775800 > 0'
        : 'context.now.offset(duration("-9223372036854775807ms")) < context.now';
    default:
      return 'context.riskWeight + 1 > 0';
  }
}

/** A random but valid policy set over the random catalog, exercising every scope form. */
export function randomPolicies(random: Random, count: number): string {
  const policies: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = random.int(3);
    const head =
      kind === 0
        ? 'permit'
        : kind === 1
          ? 'forbid'
          : `@outcome("require_approval")\n@quorum("${1 + random.int(3)}")\nforbid`;
    const clauses: string[] = [];
    for (let clause = random.int(3); clause > 0; clause--) {
      const tests = Array.from({ length: 1 + random.int(3) }, () =>
        random.chance(0.4) ? guardCondition(random) : condition(random),
      );
      const kind = random.chance(0.75) ? 'when' : 'unless';
      clauses.push(`\n${kind} { ${tests.join(' && ')} }`);
    }
    policies.push(
      `@id("p${i}")\n${head} (${principalScope(random)}, ${actionScope(random)}, resource)${clauses.join('')};`,
    );
  }
  return policies.join('\n\n');
}

/** A random proposed action over the same universe, with unknown tools now and then. */
export function randomAction(random: Random): ProposedAction {
  const tools = random.chance(0.1)
    ? []
    : random.subset([...TOOLS, 'unknown__tool'], 1 + random.int(2));
  const toolCalls = random.chance(0.25)
    ? [
        {
          tool: random.pick(tools.length > 0 ? tools : TOOLS),
          arguments: { key: random.pick(['a', 'b', 'c']), n: 1 },
        },
      ]
    : undefined;
  const amount = random.chance(0.5) ? random.pick([0, 5, 10, 50.25, 100, 1000]) : undefined;
  const resource = random.chance(0.5)
    ? random.pick(['arn:aws:iam::1:role/x', 'doc/1', 'box'])
    : undefined;
  return proposedAction({
    requester: {
      userId: random.pick(USERS),
      groups: random.subset(GROUPS, 2),
      ...(random.chance(0.5) ? { email: random.pick(['a@example.com', 'b@other.org']) } : {}),
    },
    origin: { source: 'slack', ...(random.chance(0.5) ? { channelId: 'C1' } : {}) },
    category: random.pick(CATEGORIES),
    environment: random.pick(ENVIRONMENTS),
    intendedTools: tools,
    ...(toolCalls === undefined ? {} : { toolCalls }),
    ...(amount === undefined ? {} : { amount }),
    ...(resource === undefined ? {} : { resource }),
  });
}
