import { RemovalPolicy } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * The SNS topics, encrypted under a key of ours (the AWS-managed SNS key cannot be used by
 * CloudWatch alarms): approval notifications, which our functions publish, and alarms.
 */
export class Messaging extends Construct {
  readonly key: Key;
  readonly notifications: Topic;
  readonly alarms: Topic;

  constructor(scope: Construct, id: string, props: { retainKey: boolean }) {
    super(scope, id);
    this.key = new Key(this, 'TopicKey', {
      description: 'Encrypts the approval notification and alarm topics',
      enableKeyRotation: true,
      removalPolicy: props.retainKey ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes alarm state changes to the encrypted alarm topic.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.notifications = new Topic(this, 'Notifications', {
      displayName: 'AgentCore approval notifications',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.alarms = new Topic(this, 'Alarms', {
      displayName: 'AgentCore alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
  }

  /** Publishing to the notification topic, and the key use that publishing to it needs. */
  grantNotify(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [this.notifications.topicArn] }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
      }),
    );
  }
}
