/** What a Drive `q` clause can look at in a file. */
export interface QueryableFile {
  readonly name: string;
  readonly mimeType: string;
  readonly parents: readonly string[];
  readonly owners: readonly string[];
  readonly trashed: boolean;
  readonly fullText: string;
}

export type DriveQuery = (file: QueryableFile) => boolean;

/** A `q` the Drive API would refuse with 400 Invalid Value. */
export class DriveQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DriveQueryError';
  }
}

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'op'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === "'") {
      let value = '';
      index += 1;
      for (;;) {
        if (index >= text.length) throw new DriveQueryError('unterminated string');
        const next = text.charAt(index);
        if (next === '\\') {
          value += text.charAt(index + 1);
          index += 2;
        } else if (next === "'") {
          index += 1;
          break;
        } else {
          value += next;
          index += 1;
        }
      }
      tokens.push({ kind: 'string', value });
    } else if (char === '(' || char === ')' || char === '=') {
      tokens.push({ kind: 'op', value: char });
      index += 1;
    } else if (char === '!' && text.charAt(index + 1) === '=') {
      tokens.push({ kind: 'op', value: '!=' });
      index += 2;
    } else {
      const word = /^[A-Za-z_]+/.exec(text.slice(index))?.[0];
      if (!word) throw new DriveQueryError(`unexpected ${char}`);
      tokens.push({ kind: 'word', value: word });
      index += word.length;
    }
  }
  return tokens;
}

/**
 * Parses the subset of Drive's query language the tools use: `name|fullText contains '…'`,
 * `name|mimeType =|!= '…'`, `'…' in parents|owners`, `trashed = true|false`, joined with
 * `and`, `or` (and binds tighter), `not` and parentheses.
 */
export function parseDriveQuery(text: string): DriveQuery {
  const tokens = tokenize(text);
  let position = 0;
  const peek = () => tokens[position];
  const take = () => {
    const token = tokens[position];
    if (!token) throw new DriveQueryError('unexpected end');
    position += 1;
    return token;
  };
  const isWord = (token: Token | undefined, value: string) =>
    token?.kind === 'word' && token.value.toLowerCase() === value;

  const clause = (): DriveQuery => {
    const first = take();
    if (first.kind === 'op' && first.value === '(') {
      const inner = or();
      const close = take();
      if (close.kind !== 'op' || close.value !== ')') throw new DriveQueryError('expected )');
      return inner;
    }
    if (isWord(first, 'not')) {
      const inner = clause();
      return (file) => !inner(file);
    }
    if (first.kind === 'string') {
      if (!isWord(take(), 'in')) throw new DriveQueryError('expected in');
      const field = take();
      if (isWord(field, 'parents')) return (file) => file.parents.includes(first.value);
      if (isWord(field, 'owners')) {
        return (file) => file.owners.includes(first.value.toLowerCase());
      }
      throw new DriveQueryError('expected parents or owners');
    }
    if (first.kind !== 'word') throw new DriveQueryError('expected a field');
    const field = first.value;
    const operator = take();
    const value = take();
    if (field === 'trashed') {
      if (operator.value !== '=' && operator.value !== '!=') throw new DriveQueryError('operator');
      const wanted = isWord(value, 'true');
      if (!wanted && !isWord(value, 'false')) throw new DriveQueryError('expected true or false');
      const equal = operator.value === '=';
      return (file) => (file.trashed === wanted) === equal;
    }
    if (value.kind !== 'string') throw new DriveQueryError('expected a string');
    const needle = value.value.toLowerCase();
    if (isWord(operator, 'contains') && (field === 'name' || field === 'fullText')) {
      return (file) =>
        (field === 'name' ? file.name : `${file.name} ${file.fullText}`)
          .toLowerCase()
          .includes(needle);
    }
    if (
      (operator.value === '=' || operator.value === '!=') &&
      (field === 'name' || field === 'mimeType')
    ) {
      const equal = operator.value === '=';
      return (file) => (file[field] === value.value) === equal;
    }
    throw new DriveQueryError(`unsupported clause on ${field}`);
  };

  const and = (): DriveQuery => {
    let left = clause();
    while (isWord(peek(), 'and')) {
      position += 1;
      const right = clause();
      const before = left;
      left = (file) => before(file) && right(file);
    }
    return left;
  };

  function or(): DriveQuery {
    let left = and();
    while (isWord(peek(), 'or')) {
      position += 1;
      const right = and();
      const before = left;
      left = (file) => before(file) || right(file);
    }
    return left;
  }

  if (tokens.length === 0) return () => true;
  const query = or();
  if (position !== tokens.length) throw new DriveQueryError('unexpected trailing input');
  return query;
}
