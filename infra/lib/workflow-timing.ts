import {
  type StateMachineDefinition,
  type StateMachineFunctions,
  stateMachineDefinition,
  WAIT_FOR_TASK_TOKEN_RESOURCE,
} from '@agentcore/workflow';
import { InfraConfigError } from '../config/index.js';

/** `${Name}`: Step Functions replaces it with DefinitionSubstitutions' `Name` at deploy time. */
function substitution(name: string): string {
  return `\${${name}}`;
}

/** What the deployed definition names in place of each function's ARN (DefinitionSubstitutions). */
export const FUNCTION_PLACEHOLDERS: StateMachineFunctions = {
  steps: substitution('WorkflowStepsFunctionArn'),
  execute: substitution('ExecuteFunctionArn'),
  notifier: substitution('CompletionNotifierFunctionArn'),
};

/** The substitution names, as DefinitionSubstitutions keys. */
export function substitutionName(placeholder: string): string {
  return placeholder.slice(2, -1);
}

/** The definition the local runtime runs, with placeholders where the ARNs go. */
export function deployedDefinition(executionTimeoutSeconds: number): StateMachineDefinition {
  return stateMachineDefinition({ functions: FUNCTION_PLACEHOLDERS, executionTimeoutSeconds });
}

export interface WorkflowTimingInput {
  definition: StateMachineDefinition;
  /** Each placeholder's function: its name and timeout. */
  functions: Record<string, { name: string; timeoutSeconds: number }>;
  maxApprovalSeconds: number;
  executionTimeoutSeconds: number;
}

/**
 * Refuses settings that cannot work once deployed: a task that may run longer than its
 * function may (Lambda would cut it off first and the state would fail, not time out), and
 * an approval wait that, with the other steps, outlasts the execution (approvers would be
 * shown a deadline the workflow never reaches).
 */
export function checkWorkflowTimings(input: WorkflowTimingInput): void {
  const problems: string[] = [];
  let stepsSeconds = 0;
  for (const [stateName, state] of Object.entries(input.definition.States)) {
    if (state.Type !== 'Task') continue;
    const placeholder =
      state.Resource === WAIT_FOR_TASK_TOKEN_RESOURCE
        ? String((state.Parameters as { FunctionName?: unknown }).FunctionName)
        : String(state.Resource);
    const target = input.functions[placeholder];
    if (!target) {
      problems.push(`state ${stateName} invokes ${placeholder}, which the stack does not deploy`);
      continue;
    }
    if (typeof state.TimeoutSeconds !== 'number') continue;
    stepsSeconds += state.TimeoutSeconds;
    if (state.TimeoutSeconds > target.timeoutSeconds) {
      problems.push(
        `state ${stateName} may run ${state.TimeoutSeconds} s but the ${target.name} function times out after ${target.timeoutSeconds} s`,
      );
    }
  }
  if (input.maxApprovalSeconds + stepsSeconds > input.executionTimeoutSeconds) {
    problems.push(
      `an approval may take ${input.maxApprovalSeconds} s and the other steps ${stepsSeconds} s, longer than the execution timeout of ${input.executionTimeoutSeconds} s`,
    );
  }
  if (problems.length > 0) {
    throw new InfraConfigError(`the workflow cannot run as configured: ${problems.join('; ')}`);
  }
}
