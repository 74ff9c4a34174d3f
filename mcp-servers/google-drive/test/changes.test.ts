import { apiRequests, textOf } from '@agentcore/google-workspace/testing';
import { describe, expect, it } from 'vitest';
import { ALICE, useHarness } from './support/harness.js';

describe('create, update, copy and delete', () => {
  const harness = useHarness();

  it('creates a document with its text in My Drive and shares it with writers', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('create_document', {
      title: 'Runbook',
      document_type: 'document',
      content: 'Step 1: breathe.',
      permissions: ['bob@example.com', ALICE],
    });

    // Assess
    expect(textOf(result)).toContain('Document created successfully');
    expect(result.structuredContent).toMatchObject({
      message: 'Document created successfully',
      document: { name: 'Runbook', mime_type: 'application/vnd.google-apps.document' },
      shared_with: ['bob@example.com'],
    });
    const stored = harness.google.drive.files.find((file) => file.name === 'Runbook');
    expect(stored).toMatchObject({ ownerEmail: ALICE, content: 'Step 1: breathe.' });
    expect(
      stored?.permissions.map((permission) => [permission.emailAddress, permission.role]),
    ).toEqual([
      [ALICE, 'owner'],
      ['bob@example.com', 'writer'],
    ]);
    expect(apiRequests(harness.google)[0]?.path).toBe('/upload/drive/v3/files');
  });

  it.each([
    [{ document_type: 'video' }, 'Unsupported document type: video'],
    [{ document_type: 'spreadsheet', content: 'a,b' }, 'content can be given for a document only'],
    [{ title: '' }, 'title must not be empty'],
    [{ permissions: ['bob'] }, 'permissions must be email addresses'],
  ])('create_document validates its input: %j', async (change, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('create_document', {
      title: 'X',
      document_type: 'document',
      ...change,
    });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
    expect(harness.google.requests).toHaveLength(0);
  });

  it('creates a folder inside a shared-drive folder', async () => {
    // Prepare
    const connected = await harness.connect();
    const acme = harness.google.drive.files.find((file) => file.name === 'Acme Corp');

    // Act
    const result = await connected.call('create_document', {
      title: 'Contracts',
      document_type: 'folder',
      parent_folder_id: acme?.id,
    });

    // Assess
    expect(result.structuredContent?.message).toBe('Folder created successfully');
    const stored = harness.google.drive.files.find((file) => file.name === 'Contracts');
    expect(stored).toMatchObject({ parents: [acme?.id], driveId: acme?.driveId });
  });

  it('renames, replaces the text and shares, leaving the rest', async () => {
    // Prepare
    const connected = await harness.connect();
    const q4 = harness.google.drive.files.find((file) => file.name === 'Q4 planning');

    // Act
    const result = await connected.call('update_document', {
      document_id: q4?.id,
      title: 'Q4 plan',
      content: 'New goals.',
      permissions: ['carol@example.com'],
    });

    // Assess
    expect(textOf(result)).toContain('Document updated successfully');
    expect(result.structuredContent).toEqual({
      message: 'Document updated successfully',
      document_id: q4?.id,
      changed: ['title', 'content', 'permissions'],
      shared_with: ['carol@example.com'],
    });
    expect(harness.google.drive.files.find((file) => file.id === q4?.id)).toMatchObject({
      name: 'Q4 plan',
      content: 'New goals.',
    });
  });

  it.each([
    [{}, 'document_id is required'],
    [{ document_id: 'abc' }, 'give a title, content or permissions to change'],
  ])('update_document validates its input: %j', async (args, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('update_document', args);

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
  });

  it('copies a document under a new title', async () => {
    // Prepare
    const connected = await harness.connect();
    const q4 = harness.google.drive.files.find((file) => file.name === 'Q4 planning');

    // Act
    const result = await connected.call('copy_document', {
      source_document_id: q4?.id,
      new_title: 'Q4 planning (draft)',
    });

    // Assess
    expect(result.structuredContent).toMatchObject({
      message: 'Document copied successfully',
      document: { name: 'Q4 planning (draft)' },
    });
    expect(
      harness.google.drive.files.find((file) => file.name === 'Q4 planning (draft)'),
    ).toMatchObject({
      content: 'Goals for Q4: ship the approval flow.',
      ownerEmail: ALICE,
    });
  });

  it('moves to the trash unless permanent, and deletes for good when it is', async () => {
    // Prepare
    const connected = await harness.connect();
    const q4 = harness.google.drive.files.find((file) => file.name === 'Q4 planning');
    const budget = harness.google.drive.files.find((file) => file.name === 'Team budget');

    // Act
    const trashed = await connected.call('delete_document', { document_id: q4?.id });
    const deleted = await connected.call('delete_document', {
      document_id: budget?.id,
      permanent: true,
    });

    // Assess
    expect(trashed.structuredContent).toEqual({
      message: 'Document moved to trash',
      document_id: q4?.id,
      permanent: false,
    });
    expect(deleted.structuredContent).toEqual({
      message: 'Document permanently deleted',
      document_id: budget?.id,
      permanent: true,
    });
    expect(harness.google.drive.files.find((file) => file.id === q4?.id)?.trashed).toBe(true);
    expect(harness.google.drive.files.find((file) => file.id === budget?.id)).toBeUndefined();
    const methods = apiRequests(harness.google).map((request) => request.method);
    expect(methods).toEqual(['PATCH', 'DELETE']);
  });

  it("refuses to delete a file the requester may only edit: Drive's 403", async () => {
    // Prepare
    const connected = await harness.connect();
    const budget = harness.google.drive.files.find((file) => file.name === 'Team budget');

    // Act
    const result = await connected.call(
      'delete_document',
      { document_id: budget?.id, permanent: true },
      'bob@example.com',
    );

    // Assess
    expect(textOf(result)).toBe(
      'Google Drive API error (HTTP 403): The user does not have sufficient permissions for this file.',
    );
    expect(harness.google.drive.files.find((file) => file.id === budget?.id)).toBeDefined();
  });
});
