import {
  type ApprovalCategory,
  type PolicyOutcome,
  type ProposedAction,
  ValidationError,
} from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  compileSeedRules,
  PolicyEngine,
  type SeedRuleInput,
  SeedRuleSchema,
} from '../src/index.js';
import { fixedClock, proposedAction } from './support/actions.js';
import { Random } from './support/random.js';
import { type SeedCall, type SeedRequest, seedDecide } from './support/seed-reference.js';

// Each category has a tool: the seed's own Google Admin classification, overrides for the rest.
const CATEGORY_OF: Record<string, ApprovalCategory> = {
  google_admin__add_user: 'user_account_access',
  google_admin__get_user: 'other',
  google_admin__add_amazon_role: 'aws_role_access',
  drive__share_file: 'document_access_updates',
  docs__edit_doc: 'document_content_updates',
  jira__delete_project: 'other',
  gifs__search_gifs: 'other',
};
const TOOLS = Object.keys(CATEGORY_OF);
const CATALOG = {
  tools: TOOLS.map((name) => ({ name })),
  overrides: {
    drive__share_file: { category: 'document_access_updates' as const },
    docs__edit_doc: { category: 'document_content_updates' as const },
  },
};

function engineFor(
  rules: readonly SeedRuleInput[],
  fallback: PolicyOutcome,
  environment = 'dev',
): PolicyEngine {
  return new PolicyEngine({
    catalog: CATALOG,
    policies: [compileSeedRules({ rules }).source],
    config: { defaultOutcome: fallback, environment },
    clock: fixedClock,
  });
}

type Call = { tool: string; arguments: Record<string, unknown> };

/** A request of exact calls (and tools without one), and the facts the seed would judge it on. */
interface Asked {
  environment?: string;
  intendedTools?: string[];
  toolCalls?: Call[];
  /** What the requester claims about the request: it must change nothing. */
  claims?: {
    category?: ApprovalCategory;
    environment?: string;
    resource?: string;
    amount?: number;
  };
}

function seedRequestOf(asked: Asked): SeedRequest {
  const calls = (asked.toolCalls ?? []).map((call): SeedCall => {
    const resource = call.arguments.admin_role ?? call.arguments.email;
    const amount = call.arguments.amount;
    return {
      tool: call.tool,
      category: CATEGORY_OF[call.tool] ?? 'other',
      ...(typeof resource === 'string' ? { resource } : {}),
      ...(typeof amount === 'number' ? { amount } : {}),
    };
  });
  const called = new Set(calls.map((call) => call.tool));
  for (const tool of asked.intendedTools ?? []) {
    if (!called.has(tool)) calls.push({ tool, category: CATEGORY_OF[tool] ?? 'other' });
  }
  return { environment: asked.environment ?? 'dev', calls };
}

function actionOf(asked: Asked): ProposedAction {
  const tools = new Set([
    ...(asked.intendedTools ?? []),
    ...(asked.toolCalls ?? []).map((call) => call.tool),
  ]);
  return proposedAction({
    intendedTools: [...tools],
    ...(asked.toolCalls === undefined ? {} : { toolCalls: asked.toolCalls }),
    ...asked.claims,
  });
}

function expectSameAsSeed(
  engine: PolicyEngine,
  rules: readonly SeedRuleInput[],
  asked: Asked,
  fallback: PolicyOutcome,
) {
  const expected = seedDecide(
    rules.map((rule) => SeedRuleSchema.parse(rule)),
    seedRequestOf(asked),
    fallback,
  );
  const decision = engine.decide(actionOf(asked));
  expect({ outcome: decision.outcome, first: decision.policyIds[0] }).toEqual({
    outcome: expected.outcome,
    first: expected.matchedRule,
  });
}

const call = (tool: string, args: Record<string, unknown> = {}): Call => ({
  tool,
  arguments: args,
});
const role = (account: string) => `arn:aws:iam::${account}:role/x`;

// The seed's built-in rules (SEED-SPEC 3.3), duplicates included.
const SEED_DEFAULTS: SeedRuleInput[] = [
  { name: 'require_approval_for_aws_role_access', categories: ['aws_role_access'] },
  {
    name: 'require_approval_for_user_google_account_maintenance',
    categories: ['user_account_access'],
  },
  {
    name: 'require_approval_for_user_google_workspace_maintenance',
    categories: ['user_account_access'],
  },
  { name: 'require_approval_for_document_access_updates', categories: ['document_access_updates'] },
];

const RULES: SeedRuleInput[] = [
  {
    name: 'prod-deletions-denied',
    environments: ['prod'],
    tools: ['jira__delete_project'],
    deny: true,
  },
  { name: 'big-spend', min_amount: 1000 },
  { name: 'small-spend-ok', max_amount: 10, require_approval: false },
  {
    name: 'iam-in-prod',
    environments: ['prod'],
    resource_prefixes: ['arn:aws:iam::111111111111:'],
  },
  {
    name: 'no-user-adds-in-staging',
    environments: ['staging'],
    tools: ['google_admin__add_user'],
    deny: true,
  },
  { name: 'mid-range', min_amount: 100, max_amount: 500, categories: ['other', 'aws_role_access'] },
];

describe('seed rules compiled to Cedar behave like the seed, on facts the server derives', () => {
  it.each([
    {
      name: 'aws role access is gated (the tool is classified aws_role_access)',
      asked: { toolCalls: [call('google_admin__add_amazon_role', { admin_role: role('1') })] },
      rules: SEED_DEFAULTS,
      outcome: 'require_approval',
    },
    {
      name: 'the first of two duplicate rules is named',
      asked: { toolCalls: [call('google_admin__add_user', { primary_email: 'a@x.io' })] },
      rules: SEED_DEFAULTS,
      outcome: 'require_approval',
    },
    {
      name: 'document content updates pass',
      asked: { intendedTools: ['docs__edit_doc'] },
      rules: SEED_DEFAULTS,
    },
    {
      name: 'other passes',
      asked: { intendedTools: ['jira__delete_project'] },
      rules: SEED_DEFAULTS,
    },
    {
      name: 'a category the requester claims changes nothing',
      asked: {
        intendedTools: ['jira__delete_project'],
        claims: { category: 'aws_role_access' },
      },
      rules: SEED_DEFAULTS,
    },
    {
      name: 'a deny in prod',
      asked: { environment: 'prod', intendedTools: ['jira__delete_project'] },
      rules: RULES,
      outcome: 'deny',
    },
    {
      name: 'the same tool outside prod',
      asked: { environment: 'dev', intendedTools: ['jira__delete_project'] },
      rules: RULES,
    },
    {
      name: 'an environment the requester claims changes nothing',
      asked: {
        environment: 'dev',
        intendedTools: ['jira__delete_project'],
        claims: { environment: 'prod' },
      },
      rules: RULES,
    },
    {
      name: 'a deny later in the list beats an earlier require-approval',
      asked: {
        environment: 'staging',
        toolCalls: [call('google_admin__add_user', { amount: 2000 })],
      },
      rules: RULES,
      outcome: 'deny',
    },
    {
      name: 'a tools filter matches any intended tool',
      asked: {
        environment: 'staging',
        intendedTools: ['gifs__search_gifs', 'google_admin__add_user'],
      },
      rules: RULES,
      outcome: 'deny',
    },
    {
      name: 'a tools filter matches a planned call',
      asked: { environment: 'staging', toolCalls: [call('google_admin__add_user')] },
      rules: RULES,
      outcome: 'deny',
    },
    {
      name: 'min_amount at the bound',
      asked: { toolCalls: [call('gifs__search_gifs', { amount: 1000 })] },
      rules: RULES,
      outcome: 'require_approval',
    },
    {
      name: 'min_amount just under',
      asked: { toolCalls: [call('gifs__search_gifs', { amount: 999.99 })] },
      rules: RULES,
    },
    {
      name: 'an amount the requester claims changes nothing',
      asked: { toolCalls: [call('gifs__search_gifs')], claims: { amount: 5000 } },
      rules: RULES,
    },
    {
      name: 'a missing amount counts as 0',
      asked: { toolCalls: [call('gifs__search_gifs')] },
      rules: RULES,
    },
    {
      name: 'min and max together',
      asked: {
        toolCalls: [call('google_admin__add_amazon_role', { amount: 250, admin_role: role('3') })],
      },
      rules: RULES,
      outcome: 'require_approval',
    },
    {
      name: 'max_amount at the bound',
      asked: { toolCalls: [call('gifs__search_gifs', { amount: 500 })] },
      rules: RULES,
      outcome: 'require_approval',
    },
    {
      name: 'a resource prefix matches the role the call grants',
      asked: {
        environment: 'prod',
        toolCalls: [call('google_admin__add_amazon_role', { admin_role: role('111111111111') })],
      },
      rules: RULES,
      outcome: 'require_approval',
    },
    {
      name: 'a resource prefix does not match',
      asked: {
        environment: 'prod',
        toolCalls: [call('google_admin__add_amazon_role', { admin_role: role('222222222222') })],
      },
      rules: RULES,
    },
    {
      name: 'a resource the requester claims changes nothing',
      asked: {
        environment: 'prod',
        toolCalls: [call('google_admin__add_amazon_role', { admin_role: role('111111111111') })],
        claims: { resource: role('222222222222') },
      },
      rules: RULES,
      outcome: 'require_approval',
    },
    {
      name: 'a missing resource passes a prefix filter',
      asked: { environment: 'prod', intendedTools: ['gifs__search_gifs'] },
      rules: RULES,
    },
    {
      name: 'no tools: a tools filter never matches',
      asked: { environment: 'staging' },
      rules: RULES,
    },
  ] satisfies {
    name: string;
    asked: Asked;
    rules: SeedRuleInput[];
    outcome?: PolicyOutcome;
  }[])('$name', ({ asked, rules, ...expected }) => {
    for (const fallback of ['allow', 'require_approval'] as const) {
      // Prepare
      const engine = engineFor(rules, fallback, asked.environment);

      // Act and Assess
      expectSameAsSeed(engine, rules, asked, fallback);
      if ('outcome' in expected) {
        expect(engine.decide(actionOf(asked)).outcome).toBe(expected.outcome);
      }
    }
  });

  it('agrees with the seed on random rules and requests', () => {
    // Prepare
    const random = new Random(20_250_115);
    const prefixes = [
      'arn:aws:iam::111',
      'arn:aws:iam::222',
      'doc/',
      'a*b',
      'quote"back\\slash',
      'ünï/',
    ];
    const amounts = [undefined, 0, 10, 99.5, 100, 100.01, 500, 1000, 5000];
    const bounds = [undefined, null, 0, 10, 99.5, 100, 1000];
    const categories = [
      'user_account_access',
      'aws_role_access',
      'document_access_updates',
      'document_content_updates',
      'other',
    ] as const;
    const environments = ['dev', 'staging', 'prod'];
    let compared = 0;

    for (let set = 0; set < 60; set++) {
      const rules: SeedRuleInput[] = Array.from({ length: 1 + random.int(14) }, (_, index) => ({
        name: `rule-${set}-${index}`,
        categories: random.subset(categories, 2),
        environments: random.subset(environments, 2),
        resource_prefixes: random.chance(0.3) ? random.subset(prefixes, 2) : [],
        tools: random.chance(0.4) ? random.subset(TOOLS, 2) : [],
        min_amount: random.chance(0.3) ? random.pick(bounds) : undefined,
        max_amount: random.chance(0.3) ? random.pick(bounds) : undefined,
        require_approval: random.chance(0.7),
        deny: random.chance(0.3),
      }));
      const environment = random.pick(environments);
      for (const fallback of ['allow', 'require_approval'] as const) {
        const engine = engineFor(rules, fallback, environment);
        for (let request = 0; request < 40; request++) {
          const calls = Array.from({ length: random.int(3) }, () => {
            const amount = random.pick(amounts);
            const resource = random.chance(0.6)
              ? `${random.pick(prefixes)}${random.pick(['', 'x', '/role'])}`
              : undefined;
            return call(random.pick(TOOLS), {
              ...(amount === undefined ? {} : { amount }),
              ...(resource === undefined ? {} : { admin_role: resource }),
            });
          });
          const asked: Asked = {
            environment,
            intendedTools: random.subset(TOOLS, 2),
            ...(calls.length > 0 ? { toolCalls: calls } : {}),
            claims: {
              category: random.pick(categories),
              environment: random.pick(environments),
              amount: 5000,
              resource: 'arn:aws:iam::111',
            },
          };

          // Act and Assess
          expectSameAsSeed(engine, rules, asked, fallback);
          compared++;
        }
      }
    }
    expect(compared).toBe(4_800);
  });

  it('is stricter than the seed only where a default of deny meets a tool no rule names', () => {
    // Prepare
    const rules: SeedRuleInput[] = [{ name: 'user-adds', tools: ['google_admin__add_user'] }];
    const engine = engineFor(rules, 'deny');
    const asked: Asked = { intendedTools: ['google_admin__add_user', 'gifs__search_gifs'] };
    const action = actionOf(asked);

    // Act
    const { decision, verdicts } = engine.evaluate(action);

    // Assess
    expect(verdicts.map((verdict) => verdict.outcome)).toEqual(['require_approval', 'deny']);
    expect(decision.outcome).toBe('deny');
    expect(
      seedDecide(
        rules.map((rule) => SeedRuleSchema.parse(rule)),
        {
          environment: 'dev',
          calls: [{ tool: 'google_admin__add_user', category: 'user_account_access' }],
        },
        'deny',
      ).outcome,
    ).toBe('require_approval');
  });
});

describe('compiling seed rules', () => {
  it('writes Cedar people can read and keep', () => {
    // Prepare
    const rules = {
      rules: [
        {
          name: 'prod "IAM" changes',
          categories: ['aws_role_access', 'user_account_access'],
          environments: ['prod'],
          resource_prefixes: ['arn:aws:iam::*', 'arn:aws:sts::'],
          tools: ['google_admin__add_user'],
          min_amount: 10.5,
          max_amount: 1000,
          deny: true,
        },
        { name: 'logged only', require_approval: false },
        { name: 'small', max_amount: 5 },
        { name: 'anything' },
      ],
    };

    // Act
    const compiled = compileSeedRules(rules, 'imported.cedar');

    // Assess
    expect(compiled.inert).toEqual(['logged only']);
    expect(compiled.source.name).toBe('imported.cedar');
    expect(
      compiled.source.text,
    ).toBe(`// Compiled from 4 seed rule(s). Outcome: the first matching deny rule,
// else the first matching require-approval rule, else the engine default.

// seed rule 1: prod "IAM" changes
@id("prod \\"IAM\\" changes")
@outcome("deny")
@reason("Denied by policy rule prod \\"IAM\\" changes")
forbid (principal, action == Action::"google_admin__add_user", resource)
when {
  ["aws_role_access", "user_account_access"].contains(context.category) &&
  context.environment == "prod" &&
  (if context has resource then context.resource like "arn:aws:iam::\\**" || context.resource like "arn:aws:sts::*" else true) &&
  (context has amount && context.amount.greaterThanOrEqual(decimal("10.5")) && context.amount.lessThanOrEqual(decimal("1000.0")))
};

// seed rule 2: logged only
// neither denies nor requires approval, so it decides nothing

// seed rule 3: small
@id("small")
@outcome("require_approval")
@reason("Approval required by policy rule small")
forbid (principal, action, resource)
when {
  (if context has amount then context.amount.lessThanOrEqual(decimal("5.0")) else true)
};

// seed rule 4: anything
@id("anything")
@outcome("require_approval")
@reason("Approval required by policy rule anything")
forbid (principal, action, resource);
`);
  });

  it('accepts a bare list and keeps duplicate names apart', () => {
    // Prepare
    const rules = [{ name: 'same' }, { name: 'same', deny: true }];

    // Act
    const compiled = compileSeedRules(rules);

    // Assess
    expect(compiled.source.text).toContain('@id("same")');
    expect(compiled.source.text).toContain('@id("same (2)")');
    expect(
      new PolicyEngine({ policies: [compiled.source], clock: fixedClock }).policies,
    ).toHaveLength(2);
  });

  it.each([
    {
      name: 'an unknown category',
      rules: [{ name: 'x', categories: ['PRIVILEGED_WRITE'] }],
      path: 'rules.0.categories.0',
    },
    {
      name: 'a bound Cedar cannot represent',
      rules: [{ name: 'x', min_amount: 0.00001 }],
      path: 'rules.0.min_amount',
    },
    { name: 'a rule without a name', rules: [{ categories: ['other'] }], path: 'rules.0.name' },
  ])('refuses $name', ({ rules, path }) => {
    // Act
    const error = (() => {
      try {
        compileSeedRules({ rules });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    // Assess
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toContain(path);
  });
});
