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
export { type ConnectedClient, connectInMemory, textOf, useStarted } from './mcp-client.js';
export { defaultPolicyOutcome } from './policy.js';
