import { createHash } from 'node:crypto';

export const FOLDER_MIME = 'application/vnd.google-apps.folder';
export const DOCUMENT_MIME = 'application/vnd.google-apps.document';
export const SPREADSHEET_MIME = 'application/vnd.google-apps.spreadsheet';
export const PRESENTATION_MIME = 'application/vnd.google-apps.presentation';
export const PDF_MIME = 'application/pdf';

/** The folder the sandbox keeps customers in: letter folders, then one folder per customer. */
export const SANDBOX_CUSTOMER_FOLDER_ID = '1CustomersRootFolder0sandbox00000';
export const SANDBOX_CUSTOMERS_DRIVE_ID = '0ACustomersDrive0sandbox';

export interface DrivePermission {
  id: string;
  type: 'user' | 'domain';
  role: 'owner' | 'organizer' | 'writer' | 'commenter' | 'reader';
  emailAddress?: string;
  domain?: string;
}

/** A file as the stand-in keeps it; `content` is the text a Google Doc exports as. */
export interface StoredFile {
  id: string;
  name: string;
  mimeType: string;
  /** Folder ids; `root` is the owner's My Drive, a shared drive's id its top level. */
  parents: string[];
  ownerEmail?: string;
  driveId?: string;
  createdTime: string;
  modifiedTime: string;
  trashed: boolean;
  content?: string;
  permissions: DrivePermission[];
}

export interface StoredDrive {
  id: string;
  name: string;
  createdTime: string;
  /** Emails of the shared drive's members. */
  members: string[];
}

export interface DriveState {
  files: StoredFile[];
  drives: StoredDrive[];
}

/** A Drive-looking id (33 characters of base64url), stable per seed text. */
export function fileIdFor(seed: string): string {
  return `1${createHash('sha256').update(seed).digest('base64url').slice(0, 32)}`;
}

const SEEDED = '2026-10-01T09:00:00.000Z';

function permissionFor(email: string, role: DrivePermission['role']): DrivePermission {
  return { id: fileIdFor(`perm|${email}`).slice(0, 20), type: 'user', role, emailAddress: email };
}

function myFile(
  owner: string,
  name: string,
  mimeType: string,
  content?: string,
  sharedWith: readonly string[] = [],
): StoredFile {
  return {
    id: fileIdFor(`${owner}|${name}`),
    name,
    mimeType,
    parents: ['root'],
    ownerEmail: owner,
    createdTime: SEEDED,
    modifiedTime: SEEDED,
    trashed: false,
    ...(content === undefined ? {} : { content }),
    permissions: [
      permissionFor(owner, 'owner'),
      ...sharedWith.map((email) => permissionFor(email, 'writer')),
    ],
  };
}

function sharedDriveFile(
  name: string,
  mimeType: string,
  parent: string,
  id = fileIdFor(`customers|${parent}|${name}`),
  content?: string,
): StoredFile {
  return {
    id,
    name,
    mimeType,
    parents: [parent],
    driveId: SANDBOX_CUSTOMERS_DRIVE_ID,
    createdTime: SEEDED,
    modifiedTime: SEEDED,
    trashed: false,
    ...(content === undefined ? {} : { content }),
    permissions: [],
  };
}

/**
 * People's own documents, and a shared drive of customers laid out as the seed expects it:
 * the root folder, a folder per initial letter, a folder per customer (with a subfolder).
 */
export function seedDriveState(emails: readonly string[], domain: string): DriveState {
  const alice = `alice@${domain}`;
  const bob = `bob@${domain}`;
  const folder = (name: string, parent: string) =>
    sharedDriveFile(name, FOLDER_MIME, parent, fileIdFor(`folder|${parent}|${name}`));
  const root = sharedDriveFile(
    'Customers',
    FOLDER_MIME,
    SANDBOX_CUSTOMERS_DRIVE_ID,
    SANDBOX_CUSTOMER_FOLDER_ID,
  );
  const letterA = folder('A', root.id);
  const letterB = folder('B', root.id);
  const acme = folder('Acme Corp', letterA.id);
  const acmeInvoices = folder('Invoices', acme.id);
  const bluebird = folder('Bluebird Ltd', letterB.id);
  const files: StoredFile[] = [
    root,
    letterA,
    letterB,
    acme,
    acmeInvoices,
    bluebird,
    sharedDriveFile('Acme Corp - Contract.pdf', PDF_MIME, acme.id),
    sharedDriveFile(
      'Acme Corp - Account notes',
      DOCUMENT_MIME,
      acme.id,
      undefined,
      'Acme renews in March. Contact: Jo Smith.',
    ),
    sharedDriveFile('Invoice 2026-11.pdf', PDF_MIME, acmeInvoices.id),
    sharedDriveFile(
      'Bluebird Ltd - Proposal',
      DOCUMENT_MIME,
      bluebird.id,
      undefined,
      'Proposal for the Bluebird roll-out.',
    ),
  ];
  if (emails.includes(alice)) {
    files.push(
      myFile(alice, 'Q4 planning', DOCUMENT_MIME, 'Goals for Q4: ship the approval flow.'),
      myFile(alice, 'Team budget', SPREADSHEET_MIME, undefined, emails.includes(bob) ? [bob] : []),
    );
  }
  if (emails.includes(bob)) files.push(myFile(bob, 'Bob notes', DOCUMENT_MIME, 'Notes.'));
  return {
    files,
    drives: [
      {
        id: SANDBOX_CUSTOMERS_DRIVE_ID,
        name: 'Customers',
        createdTime: SEEDED,
        members: [...emails],
      },
    ],
  };
}
