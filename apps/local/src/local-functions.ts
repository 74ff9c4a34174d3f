/** A Lambda handler as the local runtime calls it: the same code, in-process. */
export type LocalHandler = (event: unknown) => Promise<unknown>;

/** Raised when a function threw: carries Lambda's error shape (`errorType`, `errorMessage`). */
export class FunctionError extends Error {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
  ) {
    // Step Functions reports a Lambda error's Cause as this JSON; the workflow reads it back.
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

export class UnknownFunctionError extends Error {
  constructor(readonly functionName: string) {
    super(`Function not found: ${functionName}`);
    this.name = 'ResourceNotFoundException';
  }
}

/** Accepts a bare name, a function ARN, or a qualified ARN, as Lambda's Invoke API does. */
export function functionNameOf(nameOrArn: string): string {
  const match = /^arn:aws[a-zA-Z-]*:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(nameOrArn);
  return match?.[1] ?? nameOrArn;
}

/** Our Lambda functions by name, invoked in-process with Lambda's error semantics. */
export class LocalFunctions {
  private readonly handlers = new Map<string, LocalHandler>();
  private readonly awaitingNext = new Set<() => void>();

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  register(name: string, handler: LocalHandler): string {
    this.handlers.set(name, handler);
    return this.arnOf(name);
  }

  arnOf(name: string): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${name}`;
  }

  has(nameOrArn: string): boolean {
    return this.handlers.has(functionNameOf(nameOrArn));
  }

  /**
   * Resolves when the next invocation of any function has finished, succeeded or failed: every
   * change a step makes is written by then, so a caller can look again instead of polling.
   */
  nextInvocation(): Promise<void> {
    return new Promise((resolve) => this.awaitingNext.add(resolve));
  }

  async invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    try {
      return await this.run(nameOrArn, event);
    } finally {
      const waiting = [...this.awaitingNext];
      this.awaitingNext.clear();
      for (const resolve of waiting) resolve();
    }
  }

  private async run(nameOrArn: string, event: unknown): Promise<unknown> {
    const name = functionNameOf(nameOrArn);
    const handler = this.handlers.get(name);
    if (!handler) throw new UnknownFunctionError(name);
    // A Lambda payload crosses the wire as JSON: give handlers no shared object references.
    const payload: unknown = JSON.parse(JSON.stringify(event ?? null));
    try {
      const result = await handler(payload);
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    } catch (error) {
      if (error instanceof Error) throw new FunctionError(error.name, error.message);
      throw new FunctionError('Error', String(error));
    }
  }
}
