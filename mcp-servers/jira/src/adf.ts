/** A minimal Atlassian Document Format document, as v3 rich-text fields require. */
export interface AdfDocument {
  readonly type: 'doc';
  readonly version: 1;
  readonly content: readonly {
    readonly type: 'paragraph';
    readonly content?: readonly { readonly type: 'text'; readonly text: string }[];
  }[];
}

/** One paragraph per line; a blank line becomes an empty paragraph (the seed's layout). */
export function textToAdf(text: string): AdfDocument {
  return {
    type: 'doc',
    version: 1,
    content: text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) =>
        line === ''
          ? { type: 'paragraph' as const }
          : { type: 'paragraph' as const, content: [{ type: 'text' as const, text: line }] },
      ),
  };
}
