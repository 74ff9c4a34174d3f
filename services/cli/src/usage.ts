export const USAGE = `hitl-mcp: ask for actions, and approve or reject them, through the request API

Requests
  hitl-mcp run (--query "…" | --tool alias__tool [--args '{…}']) [--wait] [--timeout SECONDS]
               (category, resource and environment are the server's to derive: no flags for them)
  hitl-mcp status REQUEST_ID
  hitl-mcp secret REQUEST_ID   (a secret your request's tools returned: yours alone, shown once)
  hitl-mcp timeline REQUEST_ID
  hitl-mcp approvals list [--status pending] [--mine] [--limit N] [--cursor C]
  hitl-mcp approve REQUEST_ID [--comment "…"] [--tools a__x,b__y] [--calls-digest D]
               (the vote counts only for the calls as you read them: status shows their digest;
                without --calls-digest, as read just before voting, and printed after)
  hitl-mcp reject REQUEST_ID [--comment "…"]
  hitl-mcp edit REQUEST_ID --call N --args '{…}' [--comment "…"]
               (approvers: new arguments for proposed call N, 0 first; policy decides again, votes reset)
  hitl-mcp cancel REQUEST_ID
  hitl-mcp tools

Administration (admin keys)
  hitl-mcp keys create --user-id U [--name "…"] [--roles requester,approver,admin]
  hitl-mcp keys list
  hitl-mcp keys revoke KEY_ID
  hitl-mcp policy validate FILE…
  hitl-mcp policy test [FILE…] --tool alias__tool [--args '{…}']   (no files: the active set)
  hitl-mcp policy replay FILE… [--limit N]
  hitl-mcp policy activate FILE…
  hitl-mcp policy rollback [--to VERSION]
  hitl-mcp servers list
  hitl-mcp servers add --alias A (--command C [--args a,b] | --url URL) [--env NAME=value …]
  hitl-mcp servers disable-tool ALIAS TOOL
  hitl-mcp audit export [--stream S] [--since ISO] [--until ISO] [--out FILE] [--limit PAGE_SIZE]
  hitl-mcp audit verify [--stream S] [--since ISO]   (every stream with events in the last 7 days by default)
  hitl-mcp migrate-config [--apply]   (MCP_SERVERS and POLICY_PATH into the config store; a dry run without --apply)

Every command takes --json (the API's answer as JSON on stdout).

Who you are, and where
  --api-url URL --api-key KEY    a deployed API (or HITL_API_URL and HITL_API_KEY)
  --profile NAME                 from ~/.config/hitl-mcp/profiles.json (or the file HITL_PROFILES names):
                                 {"profiles":{"NAME":{"apiUrl":"…","apiKey":"…"}}}, readable by you only
  (neither)                      the local runtime of \`npm start\`, with the keys in .local/api-keys.json
  --as NAME                      locally only: requester (the default), approver, approver2 or admin
  The key says who you are: the requester of what you run, the approver of what you approve.

Exit codes
  0  done (a request that ran to completion, or was accepted without --wait)
  1  the request ended badly (denied, rejected, expired, failed, cancelled), the API refused
     the change (not found, already decided, …), or the API could not be reached
  2  bad usage (unknown command or option, missing or invalid input)
  3  not authenticated (no key, a wrong or revoked key) or not allowed (missing role, not an
     approver of this request, approving your own request)`;
