/**
 * The HITL state machine in Amazon States Language, as data. CDK deploys it with the real
 * function ARNs substituted; the local runtime runs the very same definition.
 *
 * The execution input is `{ "requestId": "…" }`: every step loads what it needs from the
 * store, so steps can be re-driven after a restart and stay idempotent. A step whose results
 * the next depends on (look up, then act) loops back to Plan after Execute: the next calls
 * are judged by policy and, if required, approved in a round of their own (at most MAX_STEPS). Every step event also
 * carries the execution's id, checked against the one recorded for the request.
 */

/**
 * The functions the state machine alone invokes (on AWS only its role may): the workflow's
 * steps, the executor and the completion notifier. No caller-facing function is among them.
 */
export interface StateMachineFunctions {
  steps: string;
  execute: string;
  notifier: string;
}

export interface StateMachineOptions {
  functions: StateMachineFunctions;
  /** Upper bound of one execution (4 h in prod); approvals must expire before it. */
  executionTimeoutSeconds: number;
}

/** Errors worth another attempt: our own transient marker and Lambda's service-side failures. */
export const TRANSIENT_ERRORS = [
  'RetryableError',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
] as const;

export const WAIT_FOR_TASK_TOKEN_RESOURCE = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

const retryTransient = [
  {
    ErrorEquals: [...TRANSIENT_ERRORS],
    IntervalSeconds: 1,
    MaxAttempts: 3,
    BackoffRate: 2,
    JitterStrategy: 'FULL',
  },
];

const failOnAnyError = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'MarkFailed' }];

/** What every step event carries: which step, for which request, from which execution. */
function stepParameters(step: string, extra: Record<string, string> = {}) {
  return { step, 'requestId.$': '$.requestId', 'executionArn.$': '$$.Execution.Id', ...extra };
}

function lambdaTask(
  resource: string,
  step: string,
  next: string,
  timeoutSeconds: number,
  extra: Record<string, string> = {},
) {
  return {
    Type: 'Task',
    Resource: resource,
    Parameters: stepParameters(step, extra),
    TimeoutSeconds: timeoutSeconds,
    Retry: retryTransient,
    Catch: failOnAnyError,
    Next: next,
  };
}

export type StateMachineDefinition = Record<string, unknown> & {
  StartAt: string;
  States: Record<string, Record<string, unknown>>;
};

export function stateMachineDefinition(options: StateMachineOptions): StateMachineDefinition {
  const { steps, execute, notifier } = options.functions;
  return {
    Comment:
      'AgentCore Marketplace: plan, decide by policy, wait for approvers, execute (and plan the next step), notify',
    StartAt: 'Plan',
    TimeoutSeconds: options.executionTimeoutSeconds,
    States: {
      Plan: { ...lambdaTask(steps, 'plan', 'EvaluatePolicy', 120), ResultPath: null },
      // The verdict travels in the state and is stored by the next transition (one write fewer);
      // only a denial, which ends the request here, is stored by this step.
      EvaluatePolicy: {
        ...lambdaTask(steps, 'evaluate_policy', 'RouteByPolicy', 60),
        ResultPath: '$.decision',
      },
      RouteByPolicy: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.decision.outcome', StringEquals: 'deny', Next: 'Notify' },
          { Variable: '$.decision.outcome', StringEquals: 'allow', Next: 'Execute' },
          {
            Variable: '$.decision.outcome',
            StringEquals: 'require_approval',
            Next: 'RequestApproval',
          },
        ],
        Default: 'UnknownOutcome',
      },
      // Never execute on an outcome we do not know.
      UnknownOutcome: {
        Type: 'Pass',
        Result: {
          Error: 'UnknownOutcome',
          Cause: 'policy returned an outcome the workflow does not know',
        },
        ResultPath: '$.error',
        Next: 'MarkFailed',
      },
      RequestApproval: {
        Type: 'Task',
        Resource: WAIT_FOR_TASK_TOKEN_RESOURCE,
        Parameters: {
          FunctionName: steps,
          Payload: stepParameters('await_approval', {
            'taskToken.$': '$$.Task.Token',
            'expiresInSeconds.$': '$.decision.approvalTimeoutSeconds',
            'policy.$': '$.decision.policy',
          }),
        },
        TimeoutSecondsPath: '$.decision.approvalTimeoutSeconds',
        ResultPath: '$.approval',
        Retry: retryTransient,
        Catch: [
          { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'MarkExpired' },
          ...failOnAnyError,
        ],
        Next: 'RouteByDecision',
      },
      RouteByDecision: {
        Type: 'Choice',
        Choices: [{ Variable: '$.approval.verdict', StringEquals: 'approved', Next: 'Execute' }],
        Default: 'Notify',
      },
      // The executor answers `{ followUp }`: true when the request went back to planning.
      Execute: {
        ...lambdaTask(execute, 'execute', 'RouteAfterExecute', 900, {
          'policy.$': '$.decision.policy',
        }),
        ResultPath: '$.execution',
      },
      RouteAfterExecute: {
        Type: 'Choice',
        Choices: [{ Variable: '$.execution.followUp', BooleanEquals: true, Next: 'Plan' }],
        Default: 'Notify',
      },
      MarkExpired: { ...lambdaTask(steps, 'expire', 'Notify', 60), ResultPath: null },
      MarkFailed: {
        Type: 'Task',
        Resource: steps,
        Parameters: stepParameters('fail', { 'error.$': '$.error' }),
        TimeoutSeconds: 60,
        Retry: retryTransient,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.recordError', Next: 'Unrecorded' }],
        ResultPath: null,
        Next: 'Notify',
      },
      Notify: {
        ...lambdaTask(notifier, 'notify', 'Done', 60),
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notifyError', Next: 'Unnotified' }],
        ResultPath: null,
      },
      Done: { Type: 'Succeed' },
      Unrecorded: { Type: 'Fail', Error: 'Unrecorded', Cause: 'the failure could not be recorded' },
      Unnotified: {
        Type: 'Fail',
        Error: 'Unnotified',
        Cause: 'the requester could not be notified',
      },
    },
  };
}

/** The Lambda function each Task state invokes, by state name (for runtimes that dispatch locally). */
export function taskFunctions(definition: StateMachineDefinition): Record<string, string> {
  const functions: Record<string, string> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') continue;
    const parameters = state.Parameters as { FunctionName?: string } | undefined;
    functions[name] =
      state.Resource === WAIT_FOR_TASK_TOKEN_RESOURCE
        ? String(parameters?.FunctionName)
        : String(state.Resource);
  }
  return functions;
}
