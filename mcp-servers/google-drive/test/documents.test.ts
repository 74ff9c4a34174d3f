import { apiRequests, assertionClaims, textOf } from '@agentcore/google-workspace/testing';
import { SANDBOX_CUSTOMERS_DRIVE_ID } from '@agentcore/stand-ins';
import { describe, expect, it } from 'vitest';
import { ALICE, useHarness } from './support/harness.js';

const names = (result: { structuredContent?: Record<string, unknown> }, field: string) =>
  ((result.structuredContent?.[field] ?? []) as { name: string }[]).map((entry) => entry.name);

describe('search_documents', () => {
  const harness = useHarness();

  it("finds the requester's documents and shared-drive ones, acting as the requester", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const mine = await connected.call('search_documents', { query: 'Q4' });
    const byText = await connected.call('search_documents', { query: 'renews in March' });

    // Assess
    expect(mine.structuredContent).toMatchObject({
      query: 'Q4',
      total_results: 1,
      results: [
        {
          name: 'Q4 planning',
          mime_type: 'application/vnd.google-apps.document',
          owners: [ALICE],
          web_view_link: expect.stringMatching(/^https:\/\/docs\.google\.com\/document\/d\//),
        },
      ],
    });
    expect(names(byText, 'results')).toEqual(['Acme Corp - Account notes']);
    expect(assertionClaims(harness.google)).toMatchObject({
      sub: ALICE,
      scope: 'https://www.googleapis.com/auth/drive',
    });
    expect(apiRequests(harness.google)[0]?.query).toMatchObject({
      q: "(name contains 'Q4' or fullText contains 'Q4') and trashed = false",
      pageSize: '10',
      corpora: 'allDrives',
      includeItemsFromAllDrives: 'true',
      supportsAllDrives: 'true',
    });
  });

  it('filters by type, owner and ownership, quoting every value', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const pdfs = await connected.call('search_documents', { query: '', file_types: ['pdf'] });
    const owned = await connected.call('search_documents', {
      query: "Bob's",
      owner: ALICE,
      include_shared: false,
    });

    // Assess
    expect(names(pdfs, 'results')).toEqual(['Acme Corp - Contract.pdf', 'Invoice 2026-11.pdf']);
    expect(owned.structuredContent?.results).toEqual([]);
    expect(apiRequests(harness.google)[1]?.query.q).toBe(
      `(name contains 'Bob\\'s' or fullText contains 'Bob\\'s') and '${ALICE}' in owners and 'me' in owners and trashed = false`,
    );
  });

  it('pages with next_page_token and page_token', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const first = await connected.call('search_documents', { query: '', max_results: 4 });
    const second = await connected.call('search_documents', {
      query: '',
      max_results: 4,
      page_token: first.structuredContent?.next_page_token,
    });

    // Assess
    expect(names(first, 'results')).toHaveLength(4);
    expect(names(second, 'results')).not.toContain(names(first, 'results')[0]);
    expect(typeof first.structuredContent?.next_page_token).toBe('string');
  });

  it.each([
    [
      { file_types: ['video'] },
      'file_types must be document, spreadsheet, presentation, folder or pdf',
    ],
    [{ owner: "x' or name contains 'y" }, 'owner must be an email address'],
    [{ max_results: 0 }, 'max_results must be between 1 and 100'],
  ])('validates its input: %j', async (change, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('search_documents', { query: 'x', ...change });

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
    expect(harness.google.requests).toHaveLength(0);
  });
});

describe('get_document', () => {
  const harness = useHarness();

  it("shows a document with its text, a PDF without, and not another person's file", async () => {
    // Prepare
    const connected = await harness.connect();
    const q4 = harness.google.drive.files.find((file) => file.name === 'Q4 planning');
    const pdf = harness.google.drive.files.find((file) => file.name.endsWith('Contract.pdf'));

    // Act
    const doc = await connected.call('get_document', {
      document_id: q4?.id,
      include_content: true,
    });
    const contract = await connected.call('get_document', {
      document_id: pdf?.id,
      include_content: true,
    });
    const asBob = await connected.call('get_document', { document_id: q4?.id }, 'bob@example.com');

    // Assess
    expect(doc.structuredContent).toMatchObject({
      name: 'Q4 planning',
      content: 'Goals for Q4: ship the approval flow.',
      permissions: [{ email: ALICE, role: 'owner', type: 'user' }],
    });
    expect(contract.structuredContent).toMatchObject({
      name: 'Acme Corp - Contract.pdf',
      content: null,
    });
    expect(asBob.isError).toBe(true);
    expect(textOf(asBob)).toBe(`Google Drive API error (HTTP 404): File not found: ${q4?.id}.`);
  });

  it('validates the id', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const missing = await connected.call('get_document', {});
    const odd = await connected.call('get_document', { document_id: '../files' });

    // Assess
    expect(textOf(missing)).toContain('document_id is required');
    expect(textOf(odd)).toContain('document_id must be a Drive id');
    expect(harness.google.requests).toHaveLength(0);
  });
});

describe('folders, drives and customers', () => {
  const harness = useHarness();

  it('lists the folders of a folder, and the shared drives by name', async () => {
    // Prepare
    const connected = await harness.connect();
    const root = harness.google.drive.files.find((file) => file.name === 'Customers');

    // Act
    const folders = await connected.call('list_folders', { parent_folder_id: root?.id });
    const drives = await connected.call('list_drives', { query: 'Cust' });
    const none = await connected.call('list_drives', { query: 'Finance' });

    // Assess
    expect(names(folders, 'folders')).toEqual(['A', 'B']);
    expect(folders.structuredContent?.total_folders).toBe(2);
    expect(drives.structuredContent).toMatchObject({
      total_drives: 1,
      drives: [{ id: SANDBOX_CUSTOMERS_DRIVE_ID, name: 'Customers' }],
    });
    expect(none.structuredContent).toMatchObject({ total_drives: 0, drives: [] });
  });

  it("lists a customer's files, and their subfolders' with recursive", async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const flat = await connected.call('list_customer_files', { customer_name: 'Acme Corp' });
    const deep = await connected.call('list_customer_files', {
      customer_name: 'Acme Corp',
      recursive: true,
    });

    // Assess
    expect(flat.structuredContent).toMatchObject({
      customer_name: 'Acme Corp',
      customer_folder_id: expect.any(String),
      total_files: 2,
      truncated: false,
    });
    expect(names(flat, 'files')).toEqual(['Acme Corp - Account notes', 'Acme Corp - Contract.pdf']);
    expect(names(deep, 'files')).toEqual([
      'Acme Corp - Account notes',
      'Acme Corp - Contract.pdf',
      'Invoice 2026-11.pdf',
    ]);
  });

  it.each([
    [{ customer_name: 'Zeta Ltd' }, "Letter folder 'Z' not found under customer root"],
    [{ customer_name: 'Alpha Inc' }, "Customer folder 'Alpha Inc' not found under letter 'A'"],
    [{ customer_name: '  ' }, 'customer_name must not be empty'],
  ])('says what it could not find: %j', async (args, message) => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('list_customer_files', args);

    // Assess
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
  });

  it('names the setting it needs when no customers root is configured', async () => {
    // Prepare
    const connected = await harness.connect({ GOOGLE_DRIVE_CUSTOMER_FOLDER_ID: '' });

    // Act
    const result = await connected.call('list_customer_files', { customer_name: 'Acme Corp' });

    // Assess
    expect(textOf(result)).toBe(
      'list_customer_files needs GOOGLE_DRIVE_CUSTOMER_FOLDER_ID (the customers root folder)',
    );
  });
});
