/** Tool `_meta` key telling the runtime that results are secrets (see @agentcore/mcp). */
export { SENSITIVE_OUTPUT_META } from '@agentcore/mcp';
