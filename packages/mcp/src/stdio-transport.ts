import { type ChildProcess, spawn } from 'node:child_process';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { SpawnParams } from './launch.js';

const STDERR_TAIL_CHARS = 2_000;
const CLOSE_GRACE_MS = 1_000;

/** How the child ended, for error messages. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * MCP over a child's stdin/stdout. Unlike the SDK's StdioClientTransport, which always adds the
 * parent's HOME, USER, SHELL, TERM and LOGNAME, the child gets exactly `params.env`. Its stderr is
 * kept (the last 2,000 characters) for diagnostics instead of being mixed into ours.
 */
export class IsolatedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  #child: ChildProcess | undefined;
  #exit: ChildExit | undefined;
  #stderrTail = '';
  readonly #buffer = new ReadBuffer();

  constructor(private readonly params: SpawnParams) {}

  /** The child's exit status once it has ended. */
  get exit(): ChildExit | undefined {
    return this.#exit;
  }

  get stderrTail(): string {
    return this.#stderrTail;
  }

  start(): Promise<void> {
    if (this.#child) return Promise.reject(new Error('transport already started'));
    return new Promise((resolve, reject) => {
      const child = spawn(this.params.command, this.params.args, {
        env: this.params.env,
        cwd: this.params.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
      });
      this.#child = child;
      child.once('spawn', () => resolve());
      child.on('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once('close', (code, signal) => {
        this.#exit = { code, signal };
        this.#child = undefined;
        this.#buffer.clear();
        this.onclose?.();
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => this.#receive(chunk));
      child.stderr?.on('data', (chunk: Buffer) => {
        this.#stderrTail = (this.#stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
      });
    });
  }

  #receive(chunk: Buffer): void {
    try {
      this.#buffer.append(chunk);
    } catch (error) {
      // A server that writes megabytes without a newline is broken; end it rather than buffer on.
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      void this.close();
      return;
    }
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.#buffer.readMessage();
      } catch (error) {
        this.onerror?.(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.#child?.stdin;
    if (!stdin || stdin.destroyed) return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) => {
      stdin.write(serializeMessage(message), (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Ends stdin, then escalates to SIGTERM and SIGKILL if the child does not leave. */
  async close(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    child.stdin?.end();
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      if (await settlesWithin(closed, CLOSE_GRACE_MS)) return;
      child.kill(signal);
    }
    await closed;
  }
}

function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
