/** Tool `_meta` key telling the runtime that results must be redacted from logs and audit. */
export const SENSITIVE_OUTPUT_META = 'agentcore/sensitive-output';
