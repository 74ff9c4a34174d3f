import type { ApprovalItem } from '@agentcore/core';
import {
  approvalRequestMessage,
  type Message,
  type Notifier,
  outcomeMessage,
} from '@agentcore/workflow';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

/** Publishes approval requests and outcomes to an SNS topic (e-mail, chat or pager subscribers). */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  approvalRequested(item: ApprovalItem): Promise<void> {
    return this.publish(item, 'approval_requested', approvalRequestMessage(item));
  }

  finished(item: ApprovalItem): Promise<void> {
    return this.publish(item, 'finished', outcomeMessage(item));
  }

  private async publish(item: ApprovalItem, kind: string, message: Message): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: message.subject,
        Message: message.text,
        // Subscribers filter on these, e.g. approvers take only approval requests.
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: kind },
          status: { DataType: 'String', StringValue: item.status },
          requestId: { DataType: 'String', StringValue: item.requestId },
        },
      }),
    );
  }
}
