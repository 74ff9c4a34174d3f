import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Reset2faInputSchema, Reset2faOutputSchema } from '../schemas.js';
import { DESTRUCTIVE_WRITE, emailOf, type ToolDeps } from './shared.js';

export function registerReset2fa(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'reset_2fa',
    {
      title: "Reset a user's 2-Step Verification",
      description:
        "Turns off a user's 2-Step Verification (their enrolled second factors are removed), so " +
        'they can sign in with their password and enrol again, e.g. after losing their phone.',
      inputSchema: Reset2faInputSchema,
      outputSchema: Reset2faOutputSchema,
      annotations: DESTRUCTIVE_WRITE,
    },
    (input) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = await deps.directory.getUser(input.email);
        const email = emailOf(user, input.email);
        if (user.isEnrolledIn2Sv !== true) {
          return toolResult({
            message: `2-Step Verification is already off for ${email}`,
            email,
            changed: false,
            '2fa_enabled': false,
          });
        }
        await deps.directory.turnOffTwoStepVerification(user.id ?? input.email);
        return toolResult({
          message: `2-Step Verification turned off for ${email}`,
          email,
          changed: true,
          '2fa_enabled': false,
        });
      }),
  );
}
