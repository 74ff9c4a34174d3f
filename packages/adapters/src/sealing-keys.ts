import { SealingKey, type SealingKeySource } from '@agentcore/store';
import type { AwsTarget } from './aws-clients.js';
import { readSecretText } from './secret-text.js';

/** The sealing settings a function's configuration holds (SealingKeySettings). */
export interface SealingKeyConfig {
  SEALED_OUTPUT_SECRET_ARN?: string | undefined;
  SEALED_OUTPUT_SECRET?: string | undefined;
}

/**
 * Where this function's sealing key comes from: the Secrets Manager secret named by
 * SEALED_OUTPUT_SECRET_ARN (read on first use, once per cold start, its value never in the
 * function's configuration), else the local runtime's key; undefined when neither is set, and
 * sensitive outputs are then withheld from everyone.
 */
export function sealingKeySource(
  target: AwsTarget,
  config: SealingKeyConfig,
): SealingKeySource | undefined {
  if (config.SEALED_OUTPUT_SECRET_ARN) {
    const secretId = config.SEALED_OUTPUT_SECRET_ARN;
    let key: Promise<SealingKey> | undefined;
    return () => {
      key ??= readSecretText(target, secretId, 'sealing key').then(SealingKey.fromSecretText);
      // A failed read is not kept: the next use tries again.
      key.catch(() => {
        key = undefined;
      });
      return key;
    };
  }
  if (config.SEALED_OUTPUT_SECRET) {
    const key = SealingKey.fromBase64(config.SEALED_OUTPUT_SECRET);
    return async () => key;
  }
  return undefined;
}
