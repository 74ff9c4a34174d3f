import * as z from 'zod';

/**
 * The identities `npm start` creates keys for, by the name `--as` takes. Each is a person of the
 * local sandbox; approvers are in the `approvers` group the default policies name.
 */
export const LOCAL_IDENTITIES = {
  requester: { userId: 'U_ALICE', displayName: 'Alice (requester)', roles: ['requester'] },
  approver: { userId: 'U_APPROVER', displayName: 'Ana (approver)', roles: ['approver'] },
  approver2: {
    userId: 'U_APPROVER_2',
    displayName: 'Ben (second approver)',
    roles: ['approver'],
  },
  admin: { userId: 'U_ADMIN', displayName: 'Ada (admin)', roles: ['admin'] },
} as const satisfies Record<
  string,
  { userId: string; displayName: string; roles: ('requester' | 'approver' | 'admin')[] }
>;
export type LocalIdentityName = keyof typeof LOCAL_IDENTITIES;

/** `.local/api-keys.json`: the local identities' keys (the file is readable by its owner only). */
export const LocalIdentitiesFileSchema = z.object({
  identities: z.record(
    z.string(),
    z.object({
      userId: z.string(),
      displayName: z.string(),
      roles: z.array(z.string()),
      keyId: z.string(),
      key: z.string(),
    }),
  ),
});
export type LocalIdentitiesFile = z.infer<typeof LocalIdentitiesFileSchema>;
