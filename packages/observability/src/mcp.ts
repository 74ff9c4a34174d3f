import type { McpLogger } from '@agentcore/mcp';
import type { Logger } from '@aws-lambda-powertools/logger';

/**
 * The MCP client's logger port onto a Powertools Logger: fields become keys of the line. Needed:
 * a Logger does not fit McpLogger as is, since its extra input cannot be `undefined`.
 */
export function mcpLogger(logger: Logger): McpLogger {
  return {
    debug: (message, fields) => logger.debug(message, fields ?? {}),
    info: (message, fields) => logger.info(message, fields ?? {}),
    warn: (message, fields) => logger.warn(message, fields ?? {}),
    error: (message, fields) => logger.error(message, fields ?? {}),
  };
}
