import { createHash } from 'node:crypto';

/** A custom-schema value, as the Directory API stores one entry of a multi-valued field. */
export interface CustomFieldValue {
  readonly value: string;
  readonly type?: string;
  readonly customType?: string;
}

/** A user as the Directory API returns it (the subset the stand-in keeps). */
export interface DirectoryUser {
  kind: 'admin#directory#user';
  id: string;
  etag: string;
  primaryEmail: string;
  name: { givenName: string; familyName: string; fullName: string };
  isAdmin: boolean;
  isDelegatedAdmin: boolean;
  suspended: boolean;
  suspensionReason?: string;
  archived: boolean;
  changePasswordAtNextLogin: boolean;
  ipWhitelisted: boolean;
  isEnrolledIn2Sv: boolean;
  isEnforcedIn2Sv: boolean;
  orgUnitPath: string;
  customerId: string;
  creationTime: string;
  lastLoginTime: string;
  aliases?: string[];
  recoveryEmail?: string;
  customSchemas?: Record<string, Record<string, unknown>>;
}

/** A custom schema of the customer: which fields it has and whether each is multi-valued. */
export interface CustomSchema {
  readonly schemaName: string;
  readonly fields: readonly { readonly fieldName: string; readonly multiValued: boolean }[];
}

/** A seeded user: the fields a test sandbox cares about, the rest defaulted. */
export interface SeedUser {
  readonly primaryEmail: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly isAdmin?: boolean;
  readonly suspended?: boolean;
  readonly isEnrolledIn2Sv?: boolean;
  readonly isEnforcedIn2Sv?: boolean;
  readonly orgUnitPath?: string;
  readonly aliases?: readonly string[];
  readonly lastLoginTime?: string;
  readonly customSchemas?: Readonly<Record<string, Record<string, unknown>>>;
}

export const SANDBOX_CUSTOMER_ID = 'C01sandbox';
export const SANDBOX_DOMAIN = 'example.com';
/** The super admin the local runtime's service account impersonates. */
export const SANDBOX_ADMIN = 'admin@example.com';
/** The AWS role of Alice's seeded account, in the seed's `Amazon.Role` convention. */
export const SANDBOX_ALICE_ROLE =
  'arn:aws:iam::111111111111:role/Developer,arn:aws:iam::111111111111:saml-provider/GoogleApps';

/** The sandbox company: an admin, users with and without 2SV, a suspended one, an AWS role. */
export const SANDBOX_USERS: readonly SeedUser[] = [
  {
    primaryEmail: SANDBOX_ADMIN,
    givenName: 'Ada',
    familyName: 'Admin',
    isAdmin: true,
    isEnrolledIn2Sv: true,
    isEnforcedIn2Sv: true,
    lastLoginTime: '2026-11-02T08:15:00.000Z',
  },
  {
    primaryEmail: 'alice@example.com',
    givenName: 'Alice',
    familyName: 'Anders',
    isEnrolledIn2Sv: true,
    orgUnitPath: '/Engineering',
    lastLoginTime: '2026-11-03T09:00:00.000Z',
    customSchemas: { Amazon: { Role: [{ value: SANDBOX_ALICE_ROLE, type: 'work' }] } },
  },
  {
    primaryEmail: 'bob@example.com',
    givenName: 'Bob',
    familyName: 'Baker',
    isEnrolledIn2Sv: true,
    orgUnitPath: '/Engineering',
    aliases: ['robert@example.com'],
    lastLoginTime: '2026-11-04T10:30:00.000Z',
  },
  {
    primaryEmail: 'carol@example.com',
    givenName: 'Carol',
    familyName: 'Chen',
    suspended: true,
    orgUnitPath: '/Sales',
  },
  {
    primaryEmail: 'dave@example.com',
    givenName: 'Dave',
    familyName: 'Diaz',
    orgUnitPath: '/Sales',
  },
];

/** The seed's AWS role schema (`Amazon.Role`) and Google's documented one (`SSO.role`). */
export const SANDBOX_SCHEMAS: readonly CustomSchema[] = [
  { schemaName: 'Amazon', fields: [{ fieldName: 'Role', multiValued: true }] },
  { schemaName: 'SSO', fields: [{ fieldName: 'role', multiValued: true }] },
];

const NEVER = '1970-01-01T00:00:00.000Z';
const CREATED = '2026-01-05T12:00:00.000Z';

/** A stable 21-digit id per email, as Google's numeric user ids look. */
export function userIdFor(email: string): string {
  const digest = createHash('sha256').update(email.toLowerCase()).digest();
  return `1${digest.readBigUInt64BE(0).toString().padStart(20, '0').slice(0, 20)}`;
}

export function etagOf(user: Omit<DirectoryUser, 'etag'>): string {
  return `"${createHash('sha256').update(JSON.stringify(user)).digest('base64url').slice(0, 27)}"`;
}

/** A full user from a seed entry. */
export function seedUser(seed: SeedUser, customerId: string): DirectoryUser {
  const user: Omit<DirectoryUser, 'etag'> = {
    kind: 'admin#directory#user',
    id: userIdFor(seed.primaryEmail),
    primaryEmail: seed.primaryEmail,
    name: {
      givenName: seed.givenName,
      familyName: seed.familyName,
      fullName: `${seed.givenName} ${seed.familyName}`,
    },
    isAdmin: seed.isAdmin ?? false,
    isDelegatedAdmin: false,
    suspended: seed.suspended ?? false,
    ...(seed.suspended ? { suspensionReason: 'ADMIN' } : {}),
    archived: false,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    isEnrolledIn2Sv: seed.isEnrolledIn2Sv ?? false,
    isEnforcedIn2Sv: seed.isEnforcedIn2Sv ?? false,
    orgUnitPath: seed.orgUnitPath ?? '/',
    customerId,
    creationTime: CREATED,
    lastLoginTime: seed.lastLoginTime ?? NEVER,
    ...(seed.aliases ? { aliases: [...seed.aliases] } : {}),
    ...(seed.customSchemas ? { customSchemas: structuredClone({ ...seed.customSchemas }) } : {}),
  };
  return { ...user, etag: etagOf(user) };
}
