import { describe, expect, it } from 'vitest';
import { chunkText, escapeMrkdwn, truncateText } from '../src/index.js';

describe('escapeMrkdwn', () => {
  it('leaves no mention, broadcast or disguised link in user or tool text', () => {
    // Prepare
    const hostile = 'hi <!channel> <!here> <@U0ADMIN> <#C123> <https://evil.example|click> & done';

    // Act
    const escaped = escapeMrkdwn(hostile);

    // Assess
    expect(escaped).not.toMatch(/[<>]/);
    expect(escaped).toBe(
      'hi &lt;!channel&gt; &lt;!here&gt; &lt;@U0ADMIN&gt; &lt;#C123&gt; &lt;https://evil.example|click&gt; &amp; done',
    );
  });

  it('escapes an ampersand first, so an escaped entity in the input shows literally', () => {
    // Act / Assess
    expect(escapeMrkdwn('&lt;!channel&gt;')).toBe('&amp;lt;!channel&amp;gt;');
  });
});

describe('chunkText', () => {
  it('never loses a character and keeps every chunk within the limit', () => {
    // Prepare
    const text = Array.from(
      { length: 400 },
      (_, i) => `Sentence ${i} says something${i % 7 === 0 ? '.\n\n' : '. '}`,
    ).join('');

    // Act
    const chunks = chunkText(text, 300);

    // Assess
    expect(chunks.join('')).toBe(text);
    expect(chunks.every((chunk) => chunk.length <= 300)).toBe(true);
  });

  it('cuts after a sentence before it cuts after a word', () => {
    // Prepare
    const text = `${'a'.repeat(30)}. ${'word '.repeat(10)}`;

    // Act
    const [first] = chunkText(text, 50);

    // Assess
    expect(first).toBe(`${'a'.repeat(30)}. `);
  });

  it('cuts after a word when no sentence ends in reach, and hard-cuts a word too long', () => {
    // Act
    const words = chunkText('alpha beta gamma delta epsilon', 12);
    const hard = chunkText('x'.repeat(25), 10);

    // Assess
    expect(words).toEqual(['alpha beta ', 'gamma delta ', 'epsilon']);
    expect(hard).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('splits neither a surrogate pair nor an escaped entity', () => {
    // Prepare
    const emoji = '😀'.repeat(10);
    const entities = escapeMrkdwn('<'.repeat(10));

    // Act
    const emojiChunks = chunkText(emoji, 9);
    const entityChunks = chunkText(entities, 9);

    // Assess
    expect(emojiChunks.join('')).toBe(emoji);
    expect(emojiChunks.every((chunk) => !/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(chunk))).toBe(
      true,
    );
    expect(entityChunks.join('')).toBe(entities);
    expect(entityChunks.every((chunk) => /^(?:&lt;)+$/.test(chunk))).toBe(true);
  });

  it('returns one empty chunk for empty text', () => {
    expect(chunkText('', 10)).toEqual(['']);
  });
});

describe('truncateText', () => {
  it('keeps short text and marks a cut', () => {
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('chunkText on arbitrary text', () => {
  it('joins back to the input with every chunk within the limit, for 300 random texts', () => {
    // Prepare: a seeded generator, so a failure can be replayed.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const alphabet = ['a', 'b', ' ', '.', '!', '\n', '&amp;', '&lt;', '😀', 'é', '?', '"', ')'];

    for (let run = 0; run < 300; run += 1) {
      const length = Math.floor(random() * 3_000);
      const text = Array.from(
        { length },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      const max = 8 + Math.floor(random() * 400);

      // Act
      const chunks = chunkText(text, max);

      // Assess
      expect(chunks.join('')).toBe(text);
      expect(chunks.every((chunk) => chunk.length <= max)).toBe(true);
    }
  });
});
