import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  checkWorkflowTimings,
  deployedDefinition,
  FUNCTION_PLACEHOLDERS,
  substitutionName,
} from '../workflow-timing.js';
import type { ServiceFunction } from './service-function.js';

/** The state machine's ARN from its name, so functions can be granted it before it exists. */
export function stateMachineArnOf(scope: Construct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: name,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export interface WorkflowProps {
  name: string;
  steps: ServiceFunction;
  execute: ServiceFunction;
  notifier: ServiceFunction;
  maxApprovalSeconds: number;
  executionTimeoutSeconds: number;
  logRetention: RetentionDays;
  removeLogsWithStack: boolean;
}

/**
 * The workflow's state machine: packages/workflow's definition, exactly as the local runtime
 * runs it, with the three functions' ARNs substituted. Only its role may invoke them.
 */
export class Workflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const definition = deployedDefinition(props.executionTimeoutSeconds);
    const byPlaceholder = {
      [FUNCTION_PLACEHOLDERS.steps]: props.steps,
      [FUNCTION_PLACEHOLDERS.execute]: props.execute,
      [FUNCTION_PLACEHOLDERS.notifier]: props.notifier,
    };
    checkWorkflowTimings({
      definition,
      functions: Object.fromEntries(
        Object.entries(byPlaceholder).map(([placeholder, fn]) => [
          placeholder,
          { name: fn.node.id, timeoutSeconds: fn.function.timeout?.toSeconds() ?? 3 },
        ]),
      ),
      maxApprovalSeconds: props.maxApprovalSeconds,
      executionTimeoutSeconds: props.executionTimeoutSeconds,
    });
    const logs = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removeLogsWithStack ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.name,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(definition)),
      definitionSubstitutions: Object.fromEntries(
        Object.entries(byPlaceholder).map(([placeholder, fn]) => [
          substitutionName(placeholder),
          fn.function.functionArn,
        ]),
      ),
      // Execution data stays out of the logs: it holds policy outcomes and error causes.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(byPlaceholder).map((fn) => fn.function.functionArn),
      }),
    );
  }
}
