import { Aws } from 'aws-cdk-lib';
import { CfnGuardrail, CfnGuardrailVersion } from 'aws-cdk-lib/aws-bedrock';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config/index.js';

/** `us.anthropic.…` is a cross-region inference profile; `anthropic.…` a foundation model. */
const INFERENCE_PROFILE = /^(us|eu|apac|global|us-gov)\.(.+)$/;

const FILTERS = ['HATE', 'INSULTS', 'SEXUAL', 'VIOLENCE', 'MISCONDUCT'] as const;

/**
 * The planner's model: which one, its guardrail when the environment has one, the environment
 * variables the agent reads (packages/agent/src/config.ts), and the permission to call exactly
 * that model through exactly that guardrail.
 */
export class ModelAccess extends Construct {
  readonly environment: Record<string, string>;
  readonly guardrail: CfnGuardrail | undefined;
  readonly #statements: PolicyStatement[] = [];

  constructor(
    scope: Construct,
    id: string,
    props: { settings: EnvironmentConfig['model']; name: string },
  ) {
    super(scope, id);
    const { settings } = props;
    if (settings.provider === 'none') {
      this.environment = { MODEL_PROVIDER: 'none' };
      this.guardrail = undefined;
      return;
    }
    const invoke = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];
    const profile = INFERENCE_PROFILE.exec(settings.modelId);
    if (profile) {
      const profileArn = `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}:${Aws.ACCOUNT_ID}:inference-profile/${settings.modelId}`;
      this.#statements.push(new PolicyStatement({ actions: invoke, resources: [profileArn] }));
      // The profile routes each call to the model in one of its regions; the model is usable
      // only through this profile.
      this.#statements.push(
        new PolicyStatement({
          actions: invoke,
          resources: [`arn:${Aws.PARTITION}:bedrock:*::foundation-model/${profile[2]}`],
          conditions: { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } },
        }),
      );
    } else {
      this.#statements.push(
        new PolicyStatement({
          actions: invoke,
          resources: [
            `arn:${Aws.PARTITION}:bedrock:${Aws.REGION}::foundation-model/${settings.modelId}`,
          ],
        }),
      );
    }
    const environment: Record<string, string> = {
      MODEL_PROVIDER: 'bedrock',
      BEDROCK_MODEL_ID: settings.modelId,
    };
    if (settings.guardrail) {
      this.guardrail = new CfnGuardrail(this, 'Guardrail', {
        name: `${props.name}-planner`,
        description: 'Screens what people ask the planner and what it proposes',
        blockedInputMessaging: 'This request was blocked by the content guardrail.',
        blockedOutputsMessaging: 'The proposal was blocked by the content guardrail.',
        contentPolicyConfig: {
          filtersConfig: [
            ...FILTERS.map((type) => ({ type, inputStrength: 'HIGH', outputStrength: 'HIGH' })),
            { type: 'PROMPT_ATTACK', inputStrength: 'HIGH', outputStrength: 'NONE' },
          ],
        },
      });
      const version = new CfnGuardrailVersion(this, 'GuardrailVersion', {
        guardrailIdentifier: this.guardrail.attrGuardrailId,
        description: 'The version the planner uses',
      });
      environment.BEDROCK_GUARDRAIL_ID = this.guardrail.attrGuardrailId;
      environment.BEDROCK_GUARDRAIL_VERSION = version.attrVersion;
      this.#statements.push(
        new PolicyStatement({
          actions: ['bedrock:ApplyGuardrail'],
          resources: [this.guardrail.attrGuardrailArn],
        }),
      );
    } else {
      this.guardrail = undefined;
    }
    this.environment = environment;
  }

  grantInvoke(grantee: IGrantable): void {
    for (const statement of this.#statements)
      grantee.grantPrincipal.addToPrincipalPolicy(statement);
  }
}
