import { Validations } from 'aws-cdk-lib';
import type { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { ServiceFunction } from './constructs/service-function.js';

/**
 * The cdk-nag findings we accept, each where it arises and with the reason it is right here.
 * (Function roles acknowledge their X-Ray and ENI `*` themselves: ServiceFunction.)
 */
export function acknowledgeFindings(parts: {
  stateMachine: StateMachine;
  planner: ServiceFunction;
  modelId: string | undefined;
  execute: ServiceFunction;
  totpSecretsPattern: string;
  slackSecret: Secret;
  auditKeySecret: Secret;
  sealedOutputSecret: Secret;
  googleServiceAccount: Secret | undefined;
}): void {
  Validations.of(parts.stateMachine).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Step Functions needs the CloudWatch Logs delivery actions (logs:CreateLogDelivery and the rest CDK adds for execution logging) and X-Ray tracing; neither supports resource-level permissions. Its only other statement invokes the three workflow functions by ARN.',
  });
  const inferenceProfile = parts.modelId?.match(/^(?:us|eu|apac|global|us-gov)\.(.+)$/);
  if (inferenceProfile) {
    Validations.of(parts.planner.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/${inferenceProfile[1]}]`,
      reason:
        'A cross-region inference profile sends each call to the model in one of its regions, so the model ARN has a region wildcard; the statement is conditioned on bedrock:InferenceProfileArn being this stack’s profile, so the model is callable only through it.',
    });
  }
  Validations.of(parts.execute.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${parts.totpSecretsPattern}]`,
    reason:
      'The TOTP tool reads the seed its (approved) call names; the executor may read only secrets under this environment’s totp/ prefix. The trailing * covers the names under the prefix and the random suffix Secrets Manager appends.',
  });
  Validations.of(parts.slackSecret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'Slack issues these credentials: the signing secret and client secret are regenerated in the Slack app settings and the bot token by reinstalling the app (the OAuth callback writes it here). A Secrets Manager rotation function cannot mint them.',
  });
  Validations.of(parts.auditKeySecret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'The audit keyring is rotated by adding a new current key and keeping the old ones (packages/store rotateAuditKeyring), so chains signed before still verify; a rotation that replaced the value would make the existing audit chain unverifiable.',
  });
  Validations.of(parts.sealedOutputSecret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'Outputs sealed under this key are read within 15 minutes (their TTL), so a rotation costs at most the outputs sealed just before it; it is rotated by putting a new generated value (README), not by a rotation function, because no other system shares it.',
  });
  if (parts.googleServiceAccount) {
    Validations.of(parts.googleServiceAccount).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Google issues the service account key: a new one is created (and the old one deleted) in Google Cloud IAM, then stored here; a Secrets Manager rotation function cannot mint it.',
    });
  }
}
