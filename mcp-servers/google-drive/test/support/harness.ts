import {
  type GoogleServerHarness,
  startGoogleServerHarness,
  useStarted,
} from '@agentcore/google-workspace/testing';
import { SANDBOX_CUSTOMER_FOLDER_ID } from '@agentcore/stand-ins';
import { composeGoogleDriveServer } from '../../src/index.js';

export const ALICE = 'alice@example.com';

/** A Google Drive server on the Google stand-in; calls are made for Alice unless told otherwise. */
export type DriveHarness = GoogleServerHarness;

export function startHarness(): Promise<DriveHarness> {
  return startGoogleServerHarness({
    clientName: 'google-drive-test',
    compose: composeGoogleDriveServer,
    env: (google) => ({
      GOOGLE_DRIVE_ROOT_URL: google.rootUrl,
      GOOGLE_DRIVE_CUSTOMER_FOLDER_ID: SANDBOX_CUSTOMER_FOLDER_ID,
    }),
    requester: ALICE,
  });
}

/** The harness of one describe block: started before, reset after each test, closed after. */
export function useHarness(): DriveHarness {
  return useStarted(startHarness);
}
