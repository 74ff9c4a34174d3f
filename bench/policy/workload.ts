// A synthetic but deployment-shaped workload: 20 MCP servers with 10 tools each, 500 users in
// 50 groups, and policies that mostly speak about one tool or one server, some about a group or
// a user, and a few about everything. Requests are exact calls: category comes from the tool's
// classification, resource and amount from the call's arguments, environment from the deployment.
import type { ProposedAction } from '@agentcore/core';
import { ApprovalCategorySchema, ProposedActionSchema } from '@agentcore/core';
import type { PolicySource, ToolCatalogInput } from '@agentcore/policy';
// The same seeded PRNG as the policy tests, so the workload is the same on every run.
import { Random } from '../../packages/policy/test/support/random.js';

export { Random };

const SERVERS = Array.from({ length: 20 }, (_, i) => `srv${i}`);
const TOOLS = SERVERS.flatMap((server) =>
  Array.from({ length: 10 }, (_, i) => `${server}__tool${i}`),
);
const USERS = Array.from({ length: 500 }, (_, i) => `U${i}`);
const GROUPS = Array.from({ length: 50 }, (_, i) => `group${i}`);
const CATEGORIES = ApprovalCategorySchema.options;
const ENVIRONMENTS = ['dev', 'staging', 'prod'];
/** The deployment the benchmark's engine runs in. */
export const ENVIRONMENT = 'prod';

// Every tool takes the arguments resource and amount are derived from, plus one of its own.
const INPUT_SCHEMA = {
  type: 'object',
  properties: {
    role_arn: { type: 'string' },
    amount: { type: 'number' },
    email: { type: 'string' },
  },
  required: ['email'],
};

export function catalog(random: Random): ToolCatalogInput {
  return {
    tools: TOOLS.map((name) => {
      const kind = random.int(3);
      return {
        name,
        annotations:
          kind === 0
            ? { readOnlyHint: true }
            : { destructiveHint: kind === 1, idempotentHint: random.next() < 0.5 },
        inputSchema: INPUT_SCHEMA,
      };
    }),
    // By position, not drawn: the policies stay the ones earlier runs of this benchmark measured.
    overrides: Object.fromEntries(
      TOOLS.map((name, index) => [name, { category: CATEGORIES[index % CATEGORIES.length] }]),
    ),
  };
}

function principal(random: Random): string {
  const roll = random.next();
  if (roll < 0.25) return `principal in Group::"${random.pick(GROUPS)}"`;
  if (roll < 0.4) return `principal == User::"${random.pick(USERS)}"`;
  return 'principal';
}

function action(random: Random): string {
  const roll = random.next();
  if (roll < 0.6) return `action == Action::"${random.pick(TOOLS)}"`;
  if (roll < 0.8) {
    return `action in [Action::"${random.pick(TOOLS)}", Action::"${random.pick(TOOLS)}"]`;
  }
  if (roll < 0.95) return `action in Action::"server:${random.pick(SERVERS)}"`;
  if (roll < 0.98) return 'action in Action::"hint:destructive"';
  return 'action';
}

function condition(random: Random): string {
  switch (random.int(5)) {
    case 0:
      return `context.category == "${random.pick(CATEGORIES)}"`;
    case 1:
      return `context.environment == "${random.pick(ENVIRONMENTS)}"`;
    case 2:
      return `context has amount && context.amount.greaterThan(decimal("${random.int(1000)}.0"))`;
    case 3: {
      // Half of the resource conditions read the call's argument itself.
      const account = random.int(10);
      return account % 2 === 0
        ? `context has resource && context.resource like "arn:aws:iam::${account}*"`
        : `context.arguments has role_arn && context.arguments.role_arn like "arn:aws:iam::${account}*"`;
    }
    default:
      return `context.hourUtc >= ${random.int(24)}`;
  }
}

export function policies(random: Random, count: number): PolicySource {
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random.next();
    const head =
      roll < 0.5
        ? 'permit'
        : roll < 0.8
          ? '@outcome("require_approval")\n@quorum("2")\nforbid'
          : 'forbid';
    const when = Array.from({ length: 1 + random.int(2) }, () => condition(random)).join(' && ');
    texts.push(
      `@id("p${i}")\n${head} (${principal(random)}, ${action(random)}, resource)\nwhen { ${when} };`,
    );
  }
  return { name: `bench-${count}.cedar`, text: texts.join('\n\n') };
}

function exactCall(random: Random) {
  const roll = random.next();
  return {
    tool: random.pick(TOOLS),
    arguments: {
      email: 'someone@example.com',
      ...(roll < 0.5 ? { amount: random.int(2000) } : {}),
      ...(roll > 0.3 ? { role_arn: `arn:aws:iam::${random.int(10)}00000000000:role/r` } : {}),
    },
  };
}

/**
 * Requests of `calls` exact calls each (one, by default, so one decision is one Cedar evaluation
 * on either path; more to see what judging every call costs).
 */
export function requests(random: Random, count: number, calls = 1): ProposedAction[] {
  return Array.from({ length: count }, () => {
    const groups = new Set<string>();
    for (let i = random.int(4); i > 0; i--) groups.add(random.pick(GROUPS));
    const toolCalls = Array.from({ length: calls }, () => exactCall(random));
    return ProposedActionSchema.parse({
      requester: { userId: random.pick(USERS), groups: [...groups] },
      origin: { source: 'slack', channelId: 'C_OPS' },
      query: 'benchmark request',
      summary: 'benchmark request',
      intendedTools: [...new Set(toolCalls.map((call) => call.tool))],
      toolCalls,
    });
  });
}
