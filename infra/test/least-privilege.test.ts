import { beforeAll, describe, expect, it } from 'vitest';
import { prod } from '../config/prod.js';
import { type SynthesizedStage, synthesizeStage } from './support/synth.js';

/**
 * The only actions AWS lets us grant on no narrower resource than `*`: X-Ray tracing, the
 * network interfaces Lambda attaches in a VPC, and Step Functions' log delivery.
 */
const ACTIONS_AWS_ONLY_GRANTS_ON_ANY_RESOURCE = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

let stage: SynthesizedStage;
/** Each function's (and the state machine's) statements, by the role's owner. */
let statementsByOwner: Map<string, Statement[]>;

beforeAll(async () => {
  // prod with a sealing key: the most any function is granted.
  stage = await synthesizeStage({
    ...prod,
  });
  const roleOwner = new Map<string, string>();
  for (const [name, fn] of Object.entries(stage.stack.functions)) {
    roleOwner.set(stage.stack.getLogicalId(fn.role.node.defaultChild as never), name);
  }
  const machineRole = stage.stack.workflow.stateMachine.role.node.defaultChild;
  roleOwner.set(stage.stack.getLogicalId(machineRole as never), 'state-machine');
  statementsByOwner = new Map();
  for (const resource of Object.values(stage.json.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    const properties = resource.Properties as {
      Roles: { Ref: string }[];
      PolicyDocument: { Statement: Statement[] };
    };
    for (const role of properties.Roles) {
      const owner = roleOwner.get(role.Ref) ?? role.Ref;
      statementsByOwner.set(owner, [
        ...(statementsByOwner.get(owner) ?? []),
        ...properties.PolicyDocument.Statement,
      ]);
    }
  }
}, 180_000);

const READ = ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const APPEND = [...READ, 'dynamodb:PutItem'];
const WRITE = [...APPEND, 'dynamodb:UpdateItem'];
const API = [
  ['approvals', WRITE],
  ['audit', APPEND],
  ['config', APPEND],
  ['apiKeys', [...WRITE, 'dynamodb:Scan']],
  ['sealedOutputs', WRITE],
  ['adminSessions', ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem']],
] as const;

/** Who may do what to which table, written out by hand: the review of record. */
const TABLE_ACTIONS: Record<string, Record<string, readonly string[]>> = {
  api: Object.fromEntries(API),
  'api-stream': Object.fromEntries(API),
  'workflow-steps': { approvals: WRITE, audit: APPEND, config: READ, sessions: WRITE },
  execute: { approvals: WRITE, audit: APPEND, config: READ, sealedOutputs: WRITE },
  'completion-notifier': {
    approvals: READ,
    audit: APPEND,
    config: READ,
    sealedOutputs: WRITE,
    sessions: WRITE,
  },
  'decision-sweeper': { approvals: WRITE, audit: APPEND },
  'direct-invoke': { approvals: WRITE, audit: APPEND },
  'slack-gateway': {
    approvals: WRITE,
    audit: APPEND,
    config: READ,
    sessions: WRITE,
    idempotency: WRITE,
  },
};

const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
const resourcesOf = (statement: Statement) =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

function actions(owner: string): Set<string> {
  return new Set((statementsByOwner.get(owner) ?? []).flatMap(actionsOf));
}

function arnOf(name: string) {
  const fn = stage.stack.functions[name as keyof typeof stage.stack.functions];
  if (!fn) throw new Error(`no function ${name}`);
  return {
    'Fn::GetAtt': [stage.stack.getLogicalId(fn.function.node.defaultChild as never), 'Arn'],
  };
}

describe('least privilege, from the synthesized prod template', () => {
  it('grants no wildcard action, and `*` resources only for actions that allow nothing else', () => {
    expect(statementsByOwner.size).toBeGreaterThanOrEqual(9);
    for (const [owner, statements] of statementsByOwner) {
      for (const statement of statements) {
        for (const action of actionsOf(statement)) {
          expect(action, `${owner}: ${action}`).not.toContain('*');
        }
        if (resourcesOf(statement).includes('*')) {
          for (const action of actionsOf(statement)) {
            expect(
              ACTIONS_AWS_ONLY_GRANTS_ON_ANY_RESOURCE.has(action),
              `${owner} has ${action} on *`,
            ).toBe(true);
          }
        }
      }
    }
  });

  it('lets only the state machine invoke the workflow functions, and nothing else invoke any', () => {
    const workflowFunctions = ['workflow-steps', 'execute', 'completion-notifier'].map(arnOf);
    for (const [owner, statements] of statementsByOwner) {
      const invokes = statements.filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('lambda:')),
      );
      if (owner === 'state-machine') {
        expect(invokes.flatMap(actionsOf)).toEqual(['lambda:InvokeFunction']);
        expect(invokes.flatMap(resourcesOf)).toEqual(workflowFunctions);
      } else {
        expect(invokes, `${owner} may invoke a function`).toEqual([]);
      }
    }
    // No resource policy opens them to anyone else (API Gateway, EventBridge, a Function URL).
    const permissions = Object.values(stage.json.Resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Permission',
    );
    expect(permissions.length).toBeGreaterThan(0);
    for (const permission of permissions) {
      expect(workflowFunctions).not.toContainEqual(permission.Properties?.FunctionName);
    }
  });

  it('grants each function exactly the table actions reviewed for it, and nothing else', () => {
    // Prepare: each table's ARN as the statements name it.
    const tableIdByArn = new Map<string, string>();
    for (const [tableId, table] of stage.stack.tables.byId) {
      const logicalId = stage.stack.getLogicalId(table.node.defaultChild as never);
      tableIdByArn.set(JSON.stringify({ 'Fn::GetAtt': [logicalId, 'Arn'] }), tableId);
    }
    for (const [owner, expected] of Object.entries(TABLE_ACTIONS)) {
      // Act
      const granted: Record<string, string[]> = {};
      for (const statement of statementsByOwner.get(owner) ?? []) {
        for (const resource of resourcesOf(statement)) {
          const tableId = tableIdByArn.get(JSON.stringify(resource));
          if (!tableId) continue;
          granted[tableId] = [...(granted[tableId] ?? []), ...actionsOf(statement)].sort();
        }
      }
      // Assess
      const sorted = Object.fromEntries(
        Object.entries(expected).map(([tableId, list]) => [tableId, [...list].sort()]),
      );
      expect(granted, owner).toEqual(sorted);
    }
  });

  it('keeps the notifier from writing requests and the API from the workflow functions', () => {
    // Prepare: the approvals table, as the statements name it.
    const approvals = {
      'Fn::GetAtt': [
        stage.stack.getLogicalId(stage.stack.tables.table('approvals').node.defaultChild as never),
        'Arn',
      ],
    };
    const onApprovals = (owner: string) =>
      (statementsByOwner.get(owner) ?? [])
        .filter((statement) =>
          resourcesOf(statement).some((r) => JSON.stringify(r) === JSON.stringify(approvals)),
        )
        .flatMap(actionsOf);
    // Act / Assess
    expect(onApprovals('completion-notifier').sort()).toEqual(
      ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query'].sort(),
    );
    expect(onApprovals('workflow-steps')).toContain('dynamodb:UpdateItem');
    for (const owner of statementsByOwner.keys()) {
      expect(
        actions(owner).has('dynamodb:DeleteItem') && !['api', 'api-stream'].includes(owner),
        owner,
      ).toBe(false);
      if (owner === 'workflow-steps') continue;
      expect(
        [...actions(owner)].some((action) => action.startsWith('bedrock:')),
        owner,
      ).toBe(false);
    }
    expect(actions('api').has('lambda:InvokeFunction')).toBe(false);
  });

  it('grants the Step Functions actions on this state machine alone', () => {
    const machineArn = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':states:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          `:stateMachine:${prod.tablePrefix}-workflow`,
        ],
      ],
    };
    expect(stage.stack.workflow.stateMachine.node.defaultChild).toBeDefined();
    const machine = Object.values(stage.json.Resources).find(
      (resource) => resource.Type === 'AWS::StepFunctions::StateMachine',
    );
    expect(machine?.Properties?.StateMachineName).toBe(`${prod.tablePrefix}-workflow`);
    const senders: string[] = [];
    for (const [owner, statements] of statementsByOwner) {
      for (const statement of statements) {
        if (!actionsOf(statement).some((action) => action.startsWith('states:'))) continue;
        expect(resourcesOf(statement), owner).toEqual([machineArn]);
        if (actionsOf(statement).includes('states:SendTaskSuccess')) senders.push(owner);
      }
    }
    expect(senders.sort()).toEqual(
      ['api', 'api-stream', 'decision-sweeper', 'slack-gateway', 'workflow-steps'].sort(),
    );
  });

  it('lets the planner call only the configured model, through its inference profile and guardrail', () => {
    const bedrock = (statementsByOwner.get('workflow-steps') ?? []).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('bedrock:')),
    );
    const text = JSON.stringify(bedrock);
    expect(bedrock).toHaveLength(3);
    expect(text).toContain(
      `inference-profile/${prod.model.provider === 'bedrock' ? prod.model.modelId : ''}`,
    );
    expect(text).toContain('foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(text).toContain('bedrock:InferenceProfileArn');
    expect(text).toContain('GuardrailArn');
    expect(bedrock.flatMap(actionsOf).sort()).toEqual(
      [
        'bedrock:ApplyGuardrail',
        'bedrock:InvokeModel',
        'bedrock:InvokeModel',
        'bedrock:InvokeModelWithResponseStream',
        'bedrock:InvokeModelWithResponseStream',
      ].sort(),
    );
  });

  it('names every secret a function reads, and only the executor reads TOTP seeds', () => {
    const totpReaders: string[] = [];
    for (const [owner, statements] of statementsByOwner) {
      for (const statement of statements) {
        if (!actionsOf(statement).some((action) => action.startsWith('secretsmanager:'))) continue;
        for (const resource of resourcesOf(statement)) {
          // Either a secret of this stack by its ARN (a Ref), or the TOTP seeds' prefix.
          if (JSON.stringify(resource).includes('/totp/*')) totpReaders.push(owner);
          else expect(resource, owner).toEqual({ Ref: expect.stringMatching(/^Secrets/) });
        }
        if (actionsOf(statement).includes('secretsmanager:PutSecretValue')) {
          expect(owner).toBe('slack-gateway');
        }
      }
    }
    expect(totpReaders).toEqual(['execute']);
  });
});
