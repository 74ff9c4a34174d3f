import * as z from 'zod';

/** The seed's document types and their Drive MIME types. */
export const MIME_TYPES = {
  document: 'application/vnd.google-apps.document',
  spreadsheet: 'application/vnd.google-apps.spreadsheet',
  presentation: 'application/vnd.google-apps.presentation',
  folder: 'application/vnd.google-apps.folder',
  pdf: 'application/pdf',
} as const;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const IdSchema = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} is required`)
    .max(256, `${field} is too long`)
    .regex(/^[\w-]+$/, `${field} must be a Drive id (letters, digits, - and _)`);

const PermissionsSchema = z
  .array(z.string().trim().regex(EMAIL, 'permissions must be email addresses'))
  .max(50, 'permissions may name at most 50 people')
  .optional()
  .describe('Email addresses to give writer access');

const PageTokenSchema = z.string().min(1, 'page_token must not be empty').optional();

const Count = (field: string, max: number, fallback: number) =>
  z
    .number()
    .int(`${field} must be a whole number`)
    .min(1, `${field} must be between 1 and ${max}`)
    .max(max, `${field} must be between 1 and ${max}`)
    .default(fallback);

export const SearchDocumentsInputSchema = z.object({
  query: z
    .string({ error: 'query is required' })
    .max(500, 'query must be at most 500 characters')
    .describe('Words to find in names or text; blank lists everything'),
  file_types: z
    .array(
      z.enum(['document', 'spreadsheet', 'presentation', 'folder', 'pdf'], {
        error: 'file_types must be document, spreadsheet, presentation, folder or pdf',
      }),
    )
    .max(5)
    .optional(),
  owner: z.string().trim().regex(EMAIL, 'owner must be an email address').optional(),
  max_results: Count('max_results', 100, 10),
  include_shared: z.boolean().default(true).describe('Also files others shared with you'),
  page_token: PageTokenSchema,
});

const OwnersSchema = z.array(z.string());

export const FileSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  mime_type: z.string(),
  owners: OwnersSchema,
  created_time: z.string(),
  modified_time: z.string(),
  size: z.string().optional(),
  web_view_link: z.string(),
  permissions: z.array(z.object({ email: z.string(), role: z.string(), type: z.string() })),
});

export const SearchDocumentsOutputSchema = z.object({
  query: z.string(),
  total_results: z.number(),
  results: z.array(FileSummarySchema),
  next_page_token: z.string().optional(),
});

export const CreateDocumentInputSchema = z.object({
  title: z
    .string({ error: 'title is required' })
    .trim()
    .min(1, 'title must not be empty')
    .max(1024, 'title must be at most 1024 characters'),
  document_type: z.enum(['document', 'spreadsheet', 'presentation', 'folder'], {
    error: (issue) => `Unsupported document type: ${String(issue.input)}`,
  }),
  parent_folder_id: IdSchema('parent_folder_id').optional(),
  content: z
    .string()
    .max(100_000, 'content must be at most 100000 characters')
    .optional()
    .describe('Text of a new document (documents only)'),
  permissions: PermissionsSchema,
});

const CreatedSchema = z.object({
  id: z.string(),
  name: z.string(),
  mime_type: z.string(),
  web_view_link: z.string(),
  created_time: z.string(),
});

export const CreatedOutputSchema = z.object({
  message: z.string(),
  document: CreatedSchema,
  shared_with: z.array(z.string()),
});

export const GetDocumentInputSchema = z.object({
  document_id: IdSchema('document_id'),
  include_content: z.boolean().default(false).describe("A Google Doc's text"),
});

export const GetDocumentOutputSchema = FileSummarySchema.extend({
  content: z.string().nullable().optional(),
});

export const UpdateDocumentInputSchema = z.object({
  document_id: IdSchema('document_id'),
  title: z.string().trim().min(1, 'title must not be empty').max(1024).optional(),
  content: z.string().max(100_000, 'content must be at most 100000 characters').optional(),
  permissions: PermissionsSchema,
});

export const UpdateDocumentOutputSchema = z.object({
  message: z.string(),
  document_id: z.string(),
  changed: z.array(z.string()),
  shared_with: z.array(z.string()),
});

export const DeleteDocumentInputSchema = z.object({
  document_id: IdSchema('document_id'),
  permanent: z
    .boolean()
    .default(false)
    .describe('Delete for good; otherwise the document goes to the trash'),
});

export const DeleteDocumentOutputSchema = z.object({
  message: z.string(),
  document_id: z.string(),
  permanent: z.boolean(),
});

export const ListFoldersInputSchema = z.object({
  parent_folder_id: IdSchema('parent_folder_id').optional(),
  max_results: Count('max_results', 100, 50),
  include_shared: z.boolean().default(true),
  page_token: PageTokenSchema,
});

export const ListFoldersOutputSchema = z.object({
  total_folders: z.number(),
  folders: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      created_time: z.string(),
      modified_time: z.string(),
      web_view_link: z.string(),
      owners: OwnersSchema,
    }),
  ),
  next_page_token: z.string().optional(),
});

export const ListDrivesInputSchema = z.object({
  query: z.string().trim().min(1).max(200).optional().describe('Words in the drive name'),
  max_results: Count('max_results', 100, 50),
  page_token: PageTokenSchema,
});

export const ListDrivesOutputSchema = z.object({
  total_drives: z.number(),
  drives: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      created_time: z.string(),
      capabilities: z.record(z.string(), z.unknown()),
      restrictions: z.record(z.string(), z.unknown()),
    }),
  ),
  next_page_token: z.string().optional(),
});

export const CopyDocumentInputSchema = z.object({
  source_document_id: IdSchema('source_document_id'),
  new_title: z.string().trim().min(1).max(1024).optional(),
  destination_folder_id: IdSchema('destination_folder_id').optional(),
  permissions: PermissionsSchema,
});

export const ListCustomerFilesInputSchema = z.object({
  customer_name: z
    .string({ error: 'customer_name must not be empty' })
    .trim()
    .min(1, 'customer_name must not be empty')
    .max(200, 'customer_name must be at most 200 characters'),
  recursive: z.boolean().default(false).describe('Also the files in its subfolders'),
  max_results: Count('max_results', 1000, 100),
  include_shared: z.boolean().default(true),
});

export const ListCustomerFilesOutputSchema = z.object({
  customer_name: z.string(),
  customer_folder_id: z.string(),
  total_files: z.number(),
  files: z.array(FileSummarySchema.omit({ permissions: true })),
  truncated: z.boolean(),
});
