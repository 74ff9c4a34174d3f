import { RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** The audit keyring's secret name; operator tools find it by name. */
export function auditKeySecretName(prefix: string): string {
  return `${prefix}/audit-keyring`;
}

/**
 * The secrets the stack creates empty, for the operator to fill (README, "Deploy to AWS"): the
 * Slack app's credentials and the keyring that MACs the audit chain. Their values never pass
 * through CloudFormation.
 */
export class Secrets extends Construct {
  readonly slack: Secret;
  readonly auditKey: Secret;
  /** The Google service account's key file (JSON), when the Google Admin server is on. */
  readonly googleServiceAccount: Secret | undefined;

  constructor(
    scope: Construct,
    id: string,
    props: { prefix: string; retain: boolean; googleAdmin: boolean },
  ) {
    super(scope, id);
    const removalPolicy = props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.slack = new Secret(this, 'Slack', {
      secretName: `${props.prefix}/slack`,
      description: 'Slack app: signing_secret, bot_token, client_id, client_secret',
      secretObjectValue: {
        signing_secret: SecretValue.unsafePlainText(''),
        bot_token: SecretValue.unsafePlainText(''),
        client_id: SecretValue.unsafePlainText(''),
        client_secret: SecretValue.unsafePlainText(''),
      },
      removalPolicy,
    });
    this.auditKey = new Secret(this, 'AuditKey', {
      secretName: auditKeySecretName(props.prefix),
      description:
        'Audit chain keyring: {"current":"k1","keys":{"k1":"<32+ random bytes, base64>"}}',
      removalPolicy,
    });
    this.googleServiceAccount = props.googleAdmin
      ? new Secret(this, 'GoogleServiceAccount', {
          secretName: `${props.prefix}/google-service-account`,
          description: 'Google Admin: the service account key file (JSON), domain-wide delegation',
          removalPolicy,
        })
      : undefined;
  }

  static grantRead(grantee: IGrantable, secret: Secret): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [secret.secretArn],
      }),
    );
  }
}
