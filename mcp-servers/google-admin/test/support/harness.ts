import {
  type GoogleServerConnection,
  type GoogleServerHarness,
  startGoogleServerHarness,
  useStarted,
} from '@agentcore/google-workspace/testing';
import { SANDBOX_ADMIN } from '@agentcore/stand-ins';
import { composeGoogleAdminServer } from '../../src/index.js';

export interface ConnectOptions {
  readonly env?: Readonly<Record<string, string>>;
}

/** A Google Admin server on the Google stand-in, acting as the sandbox's admin. */
export interface GoogleAdminHarness extends Omit<GoogleServerHarness, 'connect'> {
  connect(options?: ConnectOptions): Promise<GoogleServerConnection>;
}

export async function startHarness(): Promise<GoogleAdminHarness> {
  const harness = await startGoogleServerHarness({
    clientName: 'google-admin-test',
    compose: composeGoogleAdminServer,
    env: (google) => ({
      GOOGLE_ADMIN_SUBJECT: SANDBOX_ADMIN,
      GOOGLE_ADMIN_ROOT_URL: google.rootUrl,
    }),
  });
  return { ...harness, connect: (options = {}) => harness.connect(options.env) };
}

/** The harness of one describe block: started before, reset after each test, closed after. */
export function useHarness(): GoogleAdminHarness {
  return useStarted(startHarness);
}
