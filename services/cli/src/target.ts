import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/** What the local runtime writes when it starts, so the CLI finds it without configuration. */
export const RuntimeFileSchema = z.object({
  endpoint: z.string().url(),
  region: z.string(),
  functions: z.object({ requests: z.string() }),
  stateMachineArn: z.string(),
  pid: z.number().int(),
});
export type RuntimeFile = z.infer<typeof RuntimeFileSchema>;

export interface Target {
  /** Undefined for a deployed stack: the SDK's own endpoint resolution applies. */
  endpoint?: string;
  region: string;
  /** The request API function. */
  requestsFunction: string;
  local: boolean;
}

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A deployed stack when HITL_REQUESTS_FUNCTION is set (with the usual AWS_REGION and
 * credentials); otherwise the local runtime that `npm start` is running.
 */
export function resolveTarget(
  env: Record<string, string | undefined>,
  runtimeFile: string,
): Target {
  if (env.HITL_REQUESTS_FUNCTION) {
    return {
      requestsFunction: env.HITL_REQUESTS_FUNCTION,
      region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
      endpoint: env.HITL_ENDPOINT,
      local: false,
    };
  }
  if (!existsSync(runtimeFile)) {
    throw new TargetError(
      'the local runtime is not running: start it with `npm start`, or set HITL_REQUESTS_FUNCTION to use a deployed stack',
    );
  }
  const runtime = RuntimeFileSchema.parse(JSON.parse(readFileSync(runtimeFile, 'utf8')));
  if (!processAlive(runtime.pid)) {
    throw new TargetError('the local runtime has stopped: start it again with `npm start`');
  }
  return {
    endpoint: runtime.endpoint,
    region: runtime.region,
    requestsFunction: runtime.functions.requests,
    local: true,
  };
}
