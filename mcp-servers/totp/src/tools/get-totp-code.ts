import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { TotpError } from '../errors.js';
import { GetTotpCodeInputSchema, TotpCodeOutputSchema } from '../schemas.js';
import { extractTotpSeed } from '../secrets/extract.js';
import type { SecretSource } from '../secrets/secret-source.js';
import { generateTotp, normaliseBase32Secret } from '../totp.js';
import { SENSITIVE_OUTPUT_META } from './result.js';

export interface GetTotpCodeDeps {
  readonly secrets: SecretSource;
  /** Current time in ms since the Unix epoch. */
  readonly now: () => number;
}

export function registerGetTotpCode(server: McpServer, deps: GetTotpCodeDeps): void {
  server.registerTool(
    'get_totp_code',
    {
      title: 'Get TOTP code',
      description:
        'Returns the current one-time code for a TOTP seed kept in the secret store. The secret ' +
        'is a JSON object with the seed in key_field, or the raw base32 seed. Treat the code as a secret.',
      inputSchema: GetTotpCodeInputSchema,
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
        const stored = await deps.secrets.readSecret(input.secret_name, {
          region: input.secret_region,
        });
        const seed = extractTotpSeed(input.secret_name, stored, input.key_field);
        const secret = normaliseBase32Secret(seed, `Secret ${input.secret_name}`);
        const settings = { algorithm: input.algorithm, digits: input.digits, period: input.period };
        const { code, validForSeconds } = generateTotp(secret, settings, deps.now());
        return toolResult({ code, ...settings, valid_for_seconds: validForSeconds });
      }),
  );
}
