import type { PolicySource } from './policy-set.js';

/**
 * The default policies: the seed's intent, stated per tool. Tools are classified by their MCP
 * annotations and by category (the seed's Google Admin tools out of the box, others through
 * catalog overrides). Anything no policy speaks for gets the environment's default outcome,
 * require_approval unless configured otherwise.
 */
export const DEFAULT_POLICIES_TEXT = `// Categories and their risk weights, as in the seed (context.riskWeight):
//   user_account_access 10, document_access_updates 10, aws_role_access 8,
//   document_content_updates 5, other 3.
// The seed gated the first three; here that holds for every tool that is not read-only.

@id("default.read-only-tools")
@outcome("allow")
@reason("read-only tool (MCP readOnlyHint)")
permit (principal, action in Action::"hint:read_only", resource);

@id("default.destructive-tools")
@outcome("require_approval")
@reason("the tool may change or delete data (MCP destructiveHint)")
forbid (principal, action in Action::"hint:destructive", resource);

@id("default.aws-role-changes")
@outcome("require_approval")
@reason("AWS role grants and removals need approval")
forbid (principal, action in Action::"category:aws_role_access", resource)
unless { action in Action::"hint:read_only" };

@id("default.google-account-changes")
@outcome("require_approval")
@reason("Google account changes (add, suspend, unsuspend, reset 2FA) need approval")
forbid (principal, action in Action::"category:user_account_access", resource)
unless { action in Action::"hint:read_only" };

@id("default.document-access-changes")
@outcome("require_approval")
@reason("document sharing and access changes need approval")
forbid (principal, action in Action::"category:document_access_updates", resource)
unless { action in Action::"hint:read_only" };

// A tool whose result is a secret (MCP _meta "agentcore/sensitive-output": a TOTP code, a
// password) needs approval for every call, whoever asks and whatever it is marked otherwise: the
// approver sees the call's arguments, so which secret. Cedar lets no permit outweigh a forbid, so
// a deployment relaxes this by narrowing it in its own set, e.g. the oncall group may fetch the
// code of the secret "demo" without approval:
//   unless { principal in Group::"oncall" &&
//            context.arguments has secret_name && context.arguments.secret_name == "demo" }
@id("default.sensitive-outputs")
@outcome("require_approval")
@reason("the tool returns a secret; each secret it is asked for needs approval, and only the requester receives it")
forbid (principal, action in Action::"hint:sensitive_output", resource);

@id("default.high-risk-categories")
@outcome("require_approval")
@reason("requests in a category of risk weight 8 or more need approval")
forbid (principal, action, resource)
when { context.riskWeight >= 8 }
unless { action in Action::"hint:read_only" };
`;

export const DEFAULT_POLICY_SOURCES: readonly PolicySource[] = [
  { name: 'default-policies.cedar', text: DEFAULT_POLICIES_TEXT },
];
