import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { TotpError } from '../errors.js';
import { GenerateTotpCodeInputSchema, TotpCodeOutputSchema } from '../schemas.js';
import { generateTotp, normaliseBase32Secret } from '../totp.js';
import { SENSITIVE_OUTPUT_META } from './result.js';

export interface GenerateTotpCodeDeps {
  /** Current time in ms since the Unix epoch. */
  readonly now: () => number;
}

export function registerGenerateTotpCode(server: McpServer, deps: GenerateTotpCodeDeps): void {
  server.registerTool(
    'generate_totp_code',
    {
      title: 'Generate TOTP code',
      description:
        'Returns the current one-time code (RFC 6238) for a base32 TOTP seed given directly. ' +
        'Treat the code as a secret.',
      inputSchema: GenerateTotpCodeInputSchema,
      outputSchema: TotpCodeOutputSchema,
      annotations: {
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: false,
      },
      _meta: { [SENSITIVE_OUTPUT_META]: true },
    },
    (input) =>
      runTool(TotpError, async () => {
        const secret = normaliseBase32Secret(input.secret_value, 'secret_value');
        const settings = { algorithm: input.algorithm, digits: input.digits, period: input.period };
        const { code, validForSeconds } = generateTotp(secret, settings, deps.now());
        return toolResult({ code, ...settings, valid_for_seconds: validForSeconds });
      }),
  );
}
