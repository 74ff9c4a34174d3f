import { dev } from './dev.js';
import { prod } from './prod.js';
import type { EnvironmentConfigInput } from './schema.js';
import { staging } from './staging.js';

export {
  type EnvironmentConfig,
  type EnvironmentConfigInput,
  EnvironmentConfigSchema,
  FUNCTION_NAMES,
  type FunctionName,
  functionTimeoutSeconds,
  InfraConfigError,
  parseEnvironmentConfig,
} from './schema.js';

/** The environments `cdk synth` builds, one Stage each. */
export const ENVIRONMENTS: readonly EnvironmentConfigInput[] = [dev, staging, prod];
