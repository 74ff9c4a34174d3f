import { type AdfDocument, textToAdf } from './adf.js';
import { JiraError } from './errors.js';

/** Parses RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let index = 0; index < input.length; index += 1) {
    const char = input[index];
    if (quoted) {
      if (char === '"' && input[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (quoted) throw new JiraError('invalid_input', 'The CSV has an unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ''));
}

/**
 * The CSV text of a `csv` argument: raw text, or base64 of it. A zip (base64 `UEsDB…`) is
 * refused with the seed's message.
 */
export function decodeCsvInput(csv: string): string {
  const value = csv.trim();
  if (value.startsWith('UEsDB')) {
    throw new JiraError('invalid_input', 'Compressed CSV is not supported');
  }
  if (/^[A-Za-z0-9+/=\r\n]+$/.test(value) && !value.includes(',')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (!decoded.includes('\uFFFD') && /[,\n]/.test(decoded)) return decoded;
  }
  return csv;
}

type Logical =
  | 'Summary'
  | 'IssueType'
  | 'Description'
  | 'AcceptanceCriteria'
  | 'Labels'
  | 'Components'
  | 'AssigneeEmail';

// The seed's column names and synonyms, tried in order.
const SYNONYMS: Readonly<Record<Logical, readonly string[]>> = {
  Summary: ['Summary', 'Title'],
  IssueType: [
    'IssueType',
    'Issue Type',
    'Ticket Type for Scrum',
    'Ticket Type for Kanban',
    'Ticket Type',
  ],
  Description: ['Description'],
  AcceptanceCriteria: ['Acceptance Criteria/ What we need to do', 'Acceptance Criteria'],
  Labels: ['Labels', 'Label', 'Tags'],
  Components: ['Components', 'Component', 'Component/s'],
  AssigneeEmail: ['AssigneeEmail', 'Assignee', 'Assignee Email', 'Assignee email'],
};

/** One CSV row ready for Jira, before the assignee email is turned into an account. */
export interface CsvIssue {
  /** 1-based data row number (the header is row 0). */
  readonly row: number;
  readonly fields: Record<string, unknown>;
  readonly assigneeEmail: string | undefined;
}

export interface CsvRowError {
  readonly row: number;
  readonly message: string;
}

function findColumn(headers: readonly string[], names: readonly string[]): number | undefined {
  for (const name of names) {
    const index = headers.findIndex((header) => header.toLowerCase() === name.toLowerCase());
    if (index >= 0) return index;
  }
  return undefined;
}

/**
 * The seed's CSV → issue mapping: headers trimmed, columns found by `fieldMap`, then name, then
 * synonyms; Summary and IssueType required; description (Description and Acceptance Criteria
 * joined by a blank line) as ADF; labels comma-split; components as `{name}`; `defaults`
 * merged under each row's fields.
 */
export function csvToIssues(
  text: string,
  projectKey: string,
  options: {
    fieldMap?: Readonly<Record<string, string>>;
    defaults?: Readonly<Record<string, unknown>>;
  },
): { issues: CsvIssue[]; errors: CsvRowError[] } {
  const [headerRow, ...rows] = parseCsv(text);
  if (!headerRow) throw new JiraError('invalid_input', 'The CSV is empty');
  const headers = headerRow.map((header) => header.trim());
  const column = (logical: Logical): number | undefined => {
    const mapped = options.fieldMap?.[logical];
    return findColumn(headers, mapped ? [mapped, ...SYNONYMS[logical]] : SYNONYMS[logical]);
  };
  const summaryColumn = column('Summary');
  if (summaryColumn === undefined) {
    throw new JiraError('invalid_input', 'Missing required column: Summary');
  }
  const typeColumns = [
    column('IssueType'),
    ...SYNONYMS.IssueType.map((name) => findColumn(headers, [name])),
  ].filter((index): index is number => index !== undefined);
  if (typeColumns.length === 0) {
    throw new JiraError('invalid_input', 'Missing required column: IssueType');
  }
  const descriptionColumn = column('Description');
  const criteriaColumn = column('AcceptanceCriteria');
  const labelsColumn = column('Labels');
  const componentsColumn = column('Components');
  const assigneeColumn = column('AssigneeEmail');

  const issues: CsvIssue[] = [];
  const errors: CsvRowError[] = [];
  rows.forEach((cells, index) => {
    const row = index + 1;
    const cell = (at: number | undefined) => (at === undefined ? '' : (cells[at] ?? '').trim());
    const summary = cell(summaryColumn);
    const issueType = typeColumns.map(cell).find((value) => value !== '');
    if (summary === '') {
      errors.push({ row, message: 'Summary is empty' });
      return;
    }
    if (!issueType) {
      errors.push({ row, message: 'IssueType is empty' });
      return;
    }
    const description = [cell(descriptionColumn), cell(criteriaColumn)]
      .filter((part) => part !== '')
      .join('\n\n');
    const labels = cell(labelsColumn)
      .split(',')
      .map((label) => label.trim().replace(/\s+/g, '_'))
      .filter((label) => label !== '');
    const components = cell(componentsColumn)
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    const adf: AdfDocument | undefined = description === '' ? undefined : textToAdf(description);
    const assigneeEmail = cell(assigneeColumn);
    issues.push({
      row,
      assigneeEmail: assigneeEmail === '' ? undefined : assigneeEmail,
      fields: {
        ...options.defaults,
        project: { key: projectKey },
        summary,
        issuetype: { name: issueType },
        ...(adf ? { description: adf } : {}),
        ...(labels.length > 0 ? { labels } : {}),
        ...(components.length > 0 ? { components: components.map((name) => ({ name })) } : {}),
      },
    });
  });
  return { issues, errors };
}
