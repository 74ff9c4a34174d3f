export { textOf, useStarted } from '@agentcore/stand-ins/mcp-harness';
export {
  apiRequests,
  assertionClaims,
  CLIENT_EMAIL,
  type GoogleServerConnection,
  type GoogleServerHarness,
  type GoogleServerSetup,
  requesterMeta,
  type ServiceAccountKeyFixture,
  serviceAccountKey,
  startGoogleServerHarness,
} from './google-harness.js';
export { defaultPolicyOutcome } from './policy.js';
