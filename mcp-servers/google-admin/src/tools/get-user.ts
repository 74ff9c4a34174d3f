import { GoogleWorkspaceError } from '@agentcore/google-workspace';
import { runTool, toolResult } from '@agentcore/mcp';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { DirectoryUser } from '../directory.js';
import { GetUserInputSchema, UserDetailsOutputSchema } from '../schemas.js';
import { emailOf, fullNameOf, READ_ONLY, type ToolDeps } from './shared.js';

// Google reports a user who never signed in with the Unix epoch.
const NEVER = '1970-01-01T00:00:00.000Z';

function recoveryPhone(user: DirectoryUser): string {
  return typeof user.recoveryPhone === 'string' && user.recoveryPhone !== ''
    ? user.recoveryPhone
    : 'Not set';
}

export function registerGetUser(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'get_user',
    {
      title: 'Get a Google Workspace user',
      description:
        "Shows a user's account: name, admin and suspension state, last sign-in, organisational " +
        'unit, aliases and 2-Step Verification enrolment.',
      inputSchema: GetUserInputSchema,
      outputSchema: UserDetailsOutputSchema,
      annotations: READ_ONLY,
    },
    (input) =>
      runTool(GoogleWorkspaceError, async () => {
        const user = await deps.directory.getUser(input.user_key);
        const lastLogin = user.lastLoginTime;
        return toolResult({
          email: emailOf(user, input.user_key),
          name: fullNameOf(user),
          id: user.id ?? '',
          is_admin: user.isAdmin ?? false,
          suspended: user.suspended ?? false,
          last_login: !lastLogin || lastLogin === NEVER ? 'Never' : lastLogin,
          created: user.creationTime ?? '',
          org_unit: user.orgUnitPath ?? 'Default',
          aliases: user.aliases ?? [],
          '2fa_enabled': user.isEnrolledIn2Sv ?? false,
          '2fa_enforced': user.isEnforcedIn2Sv ?? false,
          ip_whitelisted: user.ipWhitelisted ?? false,
          recovery_email: user.recoveryEmail || 'Not set',
          recovery_phone: recoveryPhone(user),
          suspension_reason: user.suspensionReason || 'Not specified',
        });
      }),
  );
}
