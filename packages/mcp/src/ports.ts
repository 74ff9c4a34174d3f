/** Minimal structured logger; a Powertools Logger fits it. Messages are constant strings. */
export interface McpLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type Clock = () => Date;

export const silentLogger: McpLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export const systemClock: Clock = () => new Date();
