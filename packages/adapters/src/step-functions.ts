import type { ExecutionStarter, TaskTokens } from '@agentcore/workflow';
import {
  DescribeStateMachineCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';

const NOT_WAITING = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

/** Task-token callbacks over the Step Functions API (AWS, or the local runtime's). */
export class SfnTaskTokens implements TaskTokens {
  constructor(private readonly client: SFNClient) {}

  async succeed(
    taskToken: string,
    output: Record<string, unknown>,
  ): Promise<'delivered' | 'not_waiting'> {
    try {
      await this.client.send(
        new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }),
      );
      return 'delivered';
    } catch (error) {
      if (error instanceof Error && NOT_WAITING.has(error.name)) return 'not_waiting';
      throw error;
    }
  }
}

/**
 * Starts one execution per request, named after the request id: starting the same request
 * twice (a retried call) yields the same execution, never a second one.
 */
export class SfnExecutionStarter implements ExecutionStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  executionArnOf(requestId: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${requestId}`;
  }

  /** Throws when the state machine cannot be reached or does not exist (for health checks). */
  async reachable(): Promise<void> {
    await this.client.send(
      new DescribeStateMachineCommand({ stateMachineArn: this.stateMachineArn }),
    );
  }

  async start(requestId: string): Promise<{ executionArn: string }> {
    const result = await this.client.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name: requestId,
        input: JSON.stringify({ requestId }),
      }),
    );
    return { executionArn: result.executionArn ?? this.executionArnOf(requestId) };
  }
}
