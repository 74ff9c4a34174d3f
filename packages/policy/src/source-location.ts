/** A 1-based line and column; columns count UTF-16 units, as JavaScript and most editors do. */
export interface SourceLocation {
  line: number;
  column: number;
}

/** Converts a UTF-8 byte offset, as Cedar reports it, into a character index of `text`. */
export function charIndexOfByteOffset(text: string, byteOffset: number): number {
  let bytes = 0;
  let index = 0;
  while (index < text.length && bytes < byteOffset) {
    const code = text.codePointAt(index) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    index += code >= 0x10000 ? 2 : 1;
  }
  return index;
}

/** Line and column of a character index of `text`. */
export function locate(text: string, charIndex: number): SourceLocation {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(charIndex, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
