import { describe, expect, it } from 'vitest';
import {
  InvalidPolicyError,
  PolicyEngine,
  PolicyError,
  type PolicyProblemKind,
  type PolicySource,
} from '../src/index.js';
import { fixedClock, proposedAction } from './support/actions.js';
import { CATALOG } from './support/catalog.js';

const ACTIVE: PolicySource = {
  name: 'active.cedar',
  text: '@id("active") permit (principal, action in Action::"hint:read_only", resource);',
};

interface Row {
  name: string;
  text: string;
  kind: PolicyProblemKind;
  line: number;
  column: number;
  message: string;
}

const rows: Row[] = [
  {
    name: 'a syntax error',
    text: 'permit (principal, action, resource)\nwhen { context.category == };',
    kind: 'syntax',
    line: 2,
    column: 28,
    message: 'unexpected token `}`',
  },
  {
    name: 'a misspelt context attribute',
    text: '// a comment\n@id("typo")\nforbid (principal, action, resource)\n  when { context.categry == "other" };',
    kind: 'validation',
    line: 4,
    column: 10,
    message:
      'for policy `typo`, attribute `categry` in context not found (did you mean `category`?)',
  },
  {
    name: 'a value of the wrong type',
    text: 'forbid (principal, action, resource) when { context.riskWeight > "8" };',
    kind: 'validation',
    line: 1,
    column: 66,
    message: 'expected Long but saw String',
  },
  {
    name: 'an optional attribute read without `has`',
    text: 'forbid (principal, action, resource) when { context.amount.greaterThan(decimal("1.0")) };',
    kind: 'validation',
    line: 1,
    column: 45,
    message: 'unable to guarantee safety of access to optional attribute `amount`',
  },
  {
    name: 'a tool the catalog does not know',
    text: 'forbid (principal, action == Action::"jira__delet_project", resource);',
    kind: 'validation',
    line: 1,
    column: 30,
    message: 'unrecognized action `Action::"jira__delet_project"`',
  },
  {
    name: 'an unknown entity type',
    text: 'permit (principal in Team::"ops", action, resource);',
    kind: 'validation',
    line: 1,
    column: 22,
    message: 'unrecognized entity type `Team`',
  },
  {
    name: 'an unknown annotation',
    text: '@outcome("require_approval")\n  @qourum("2")\nforbid (principal, action, resource);',
    kind: 'annotation',
    line: 2,
    column: 3,
    message: 'unknown annotation @qourum',
  },
  {
    name: 'a permit that claims to require approval',
    text: '@outcome("require_approval") permit (principal, action, resource);',
    kind: 'annotation',
    line: 1,
    column: 1,
    message: 'a permit policy can only allow',
  },
  {
    name: 'an unknown outcome',
    text: '@outcome("maybe") forbid (principal, action, resource);',
    kind: 'annotation',
    line: 1,
    column: 1,
    message: '@outcome must be "allow", "require_approval" or "deny", not "maybe"',
  },
  {
    name: 'approval settings on a plain deny',
    text: '@id("d")\n@quorum("2") forbid (principal, action, resource);',
    kind: 'annotation',
    line: 2,
    column: 1,
    message: '@quorum only applies to forbid policies with @outcome("require_approval")',
  },
  {
    name: 'a quorum out of range',
    text: '@outcome("require_approval") @quorum("0") forbid (principal, action, resource);',
    kind: 'annotation',
    line: 1,
    column: 30,
    message: '@quorum must be a whole number from 1 to 10, not "0"',
  },
  {
    name: 'an expiry that is not a duration',
    text: '@outcome("require_approval") @expiresIn("soon") forbid (principal, action, resource);',
    kind: 'annotation',
    line: 1,
    column: 30,
    message: '@expiresIn must be a duration',
  },
  {
    name: 'a self-approval flag that is not a boolean',
    text: '@outcome("require_approval") @allowSelfApproval("yes") forbid (principal, action, resource);',
    kind: 'annotation',
    line: 1,
    column: 30,
    message: '@allowSelfApproval must be "true" or "false", not "yes"',
  },
  {
    name: 'an annotation without a value',
    text: '@reason forbid (principal, action, resource);',
    kind: 'annotation',
    line: 1,
    column: 1,
    message: '@reason needs a value',
  },
  {
    name: 'a template',
    text: 'permit (principal == ?principal, action, resource);',
    kind: 'template',
    line: 1,
    column: 1,
    message: 'templates (policies with ?principal or ?resource slots) are not supported',
  },
  {
    name: 'an error after non-ASCII text is located in characters, not bytes',
    text: '// règle d’accès — ünïcödé\npermit (principal, action, resource) when { context.category == "café ☕" && context.nope == 1 };',
    kind: 'validation',
    line: 2,
    column: 77,
    message: 'attribute `nope` in context not found',
  },
];

describe('policies are validated before they are accepted', () => {
  it.each(rows)('refuses $name with its location and keeps the active set', (row) => {
    // Prepare
    const engine = new PolicyEngine({ catalog: CATALOG, policies: [ACTIVE], clock: fixedClock });
    const action = proposedAction({ intendedTools: ['gifs__search_gifs'] });
    const before = engine.decide(action);

    // Act
    const error = captureError(() => engine.update([{ name: 'draft.cedar', text: row.text }]));

    // Assess
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect(error).toBeInstanceOf(PolicyError);
    const invalid = error as InvalidPolicyError;
    expect(invalid.code).toBe('invalid_policy');
    expect(invalid.problems[0]).toMatchObject({
      kind: row.kind,
      source: 'draft.cedar',
      line: row.line,
      column: row.column,
    });
    expect(invalid.problems[0]?.message).toContain(row.message);
    expect([invalid.source, invalid.line, invalid.column]).toEqual([
      'draft.cedar',
      row.line,
      row.column,
    ]);
    expect(invalid.message).toContain(`draft.cedar:${row.line}:${row.column}: `);
    expect(engine.policies.map((policy) => policy.id)).toEqual(['active']);
    expect(engine.decide(action)).toEqual(before);
  });

  it('refuses an id used twice, pointing at the second use and naming the first', () => {
    // Prepare
    const engine = new PolicyEngine({ catalog: CATALOG, policies: [ACTIVE], clock: fixedClock });
    const first = { name: 'a.cedar', text: '@id("same") permit (principal, action, resource);' };
    const second = {
      name: 'b.cedar',
      text: '\n\n  @id("same") forbid (principal, action, resource);',
    };

    // Act
    const problems = engine.check([first, second]);

    // Assess
    expect(problems).toEqual([
      {
        kind: 'duplicate_id',
        source: 'b.cedar',
        line: 3,
        column: 3,
        message: 'policy id "same" is already used at a.cedar:1:1',
        policyId: 'same',
      },
    ]);
  });

  it('reports every problem of every source, each once', () => {
    // Prepare
    const engine = new PolicyEngine({ catalog: CATALOG, policies: [ACTIVE], clock: fixedClock });

    // Act
    const problems = engine.check([
      {
        name: 'one.cedar',
        text: 'forbid (principal, action, resource) when { context.nope == 1 };',
      },
      { name: 'two.cedar', text: '@outcome("later") forbid (principal, action, resource);' },
    ]);

    // Assess
    expect(problems.map((problem) => [problem.source, problem.kind])).toEqual([
      ['one.cedar', 'validation'],
      ['two.cedar', 'annotation'],
    ]);
  });

  it('accepts a valid set, installs it, and names unnamed policies by source and position', () => {
    // Prepare
    const engine = new PolicyEngine({ catalog: CATALOG, policies: [ACTIVE], clock: fixedClock });
    const text =
      'permit (principal, action, resource);\n\nforbid (principal, action == Action::"jira__delete_project", resource);';

    // Act
    const problems = engine.check([{ name: 'next.cedar', text }]);
    engine.update([{ name: 'next.cedar', text }]);

    // Assess
    expect(problems).toEqual([]);
    expect(engine.policies.map((policy) => [policy.id, policy.line, policy.outcome])).toEqual([
      ['next.cedar#1', 1, 'allow'],
      ['next.cedar#2', 3, 'deny'],
    ]);
    expect(engine.decide(proposedAction({ intendedTools: ['jira__delete_project'] })).outcome).toBe(
      'deny',
    );
  });

  it('keeps the order of the text and locates problems past the tenth policy', () => {
    // Prepare
    const engine = new PolicyEngine({ catalog: CATALOG, policies: [ACTIVE], clock: fixedClock });
    const valid = Array.from(
      { length: 12 },
      (_, i) => `@id("p${i}") permit (principal, action, resource);`,
    );
    const broken = [
      ...valid.slice(0, 11),
      '@id("p11")\nforbid (principal, action, resource) when { context.nope };',
    ];

    // Act
    engine.update([{ name: 'many.cedar', text: valid.join('\n') }]);
    const problems = engine.check([{ name: 'many.cedar', text: broken.join('\n') }]);

    // Assess
    expect(engine.policies.map((policy) => [policy.id, policy.line])).toEqual(
      valid.map((_, i) => [`p${i}`, i + 1]),
    );
    expect(problems.map((problem) => [problem.policyId, problem.line, problem.column])).toEqual([
      ['p11', 13, 45],
    ]);
    expect(problems[0]?.message).toContain('for policy `p11`');
  });

  it('describes the schema policies are written against', () => {
    // Prepare
    const engine = new PolicyEngine({ catalog: CATALOG, policies: [ACTIVE], clock: fixedClock });

    // Act
    const text = engine.schemaText();

    // Assess
    expect(text).toContain('entity User in [Group]');
    expect(text).toContain('riskWeight: __cedar::Long');
    expect(text).toContain('action "jira__delete_project" in [Action::"hint:destructive"');
    expect(text).toContain('action "(no tool)" appliesTo');
  });
});

function captureError(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
