const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\0': '\\0',
};

/** A Cedar string literal (quotes included) whose value is exactly `value`. */
export function cedarString(value: string): string {
  let escaped = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const named = ESCAPES[char];
    if (named !== undefined) escaped += named;
    else if (code < 0x20 || code === 0x7f) escaped += `\\u{${code.toString(16)}}`;
    else escaped += char;
  }
  return `"${escaped}"`;
}

/** A Cedar `like` pattern (quotes included) matching every string that starts with `prefix`. */
export function cedarPrefixPattern(prefix: string): string {
  const literal = cedarString(prefix).slice(1, -1).replace(/\*/g, '\\*');
  return `"${literal}*"`;
}

/** A single-line comment body: line breaks would end the comment early. */
export function commentText(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
