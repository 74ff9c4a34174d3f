import { App, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  ENVIRONMENTS,
  type EnvironmentConfigInput,
  parseEnvironmentConfig,
} from '../config/index.js';
import { AgentCoreStack } from './agentcore-stack.js';

export interface AgentCoreAppProps {
  bundlesDir: string;
  bundled: ReadonlySet<string>;
  /** The environments to build; all three by default. */
  environments?: readonly EnvironmentConfigInput[];
  outdir?: string;
}

/** The stack's name inside each stage: `cdk deploy prod/AgentCore` deploys production. */
export const STACK_NAME = 'AgentCore';

/**
 * The CDK app: one Stage per environment, each one AgentCore stack, and cdk-nag's AwsSolutions
 * checks on all of it. A finding nobody acknowledged fails the synth.
 */
export function buildApp(props: AgentCoreAppProps): App {
  const app = new App(props.outdir ? { outdir: props.outdir } : {});
  for (const input of props.environments ?? ENVIRONMENTS) {
    const config = parseEnvironmentConfig(input);
    const stage = new Stage(app, config.name, {
      // Set by the CDK CLI from the caller's credentials; absent offline (environment-agnostic).
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    });
    new AgentCoreStack(stage, STACK_NAME, {
      config,
      bundlesDir: props.bundlesDir,
      bundled: props.bundled,
      terminationProtection: config.protectData,
      description: `AgentCore Marketplace (${config.name})`,
    });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}
