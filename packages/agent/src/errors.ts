/** Stable, machine-readable agent error codes. Callers branch on `code`, never on messages. */
export type AgentErrorCode =
  /** The model configuration (environment or object) is invalid. */
  | 'invalid_config'
  /** The model service throttled or was unavailable after every retry: try again later. */
  | 'model_busy'
  /** The model did not answer in time after every retry. */
  | 'model_timeout'
  /** The model service refused the request (bad request, access denied, unknown model). */
  | 'model_rejected'
  /** The model service failed or answered something we could not read. */
  | 'model_failed'
  /** A tool executor threw: the run stops instead of feeding the failure to the model. */
  | 'tool_failed'
  /** The caller's AbortSignal fired. */
  | 'aborted';

export interface AgentErrorOptions extends ErrorOptions {
  /** Trying the same thing again later may succeed. */
  retryable?: boolean;
}

/** The one error type the agent package throws. */
export class AgentError extends Error {
  readonly code: AgentErrorCode;
  readonly retryable: boolean;

  constructor(code: AgentErrorCode, message: string, options: AgentErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgentError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** The AgentError for a fired AbortSignal, keeping the signal's reason as the cause. */
export function abortedError(signal: AbortSignal | undefined): AgentError {
  return new AgentError('aborted', 'the agent run was cancelled', { cause: signal?.reason });
}
