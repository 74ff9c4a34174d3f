import { describe, expect, it } from 'vitest';
import { capText, contentToText } from '../src/index.js';

describe('tool result text', () => {
  it('extracts text from every kind of content block', () => {
    // Prepare
    const blocks = [
      { type: 'text' as const, text: 'first' },
      { type: 'image' as const, data: 'aGVsbG8=', mimeType: 'image/png' },
      { type: 'resource_link' as const, uri: 'file:///r.txt', name: 'r.txt' },
      { type: 'resource' as const, resource: { uri: 'file:///t.txt', text: 'embedded text' } },
      {
        type: 'resource' as const,
        resource: { uri: 'file:///b.bin', blob: 'AAAA', mimeType: 'x/bin' },
      },
    ];

    // Act
    const text = contentToText(blocks);

    // Assess
    expect(text).toBe(
      [
        'first',
        '[image: image/png, 5 bytes]',
        '[resource: r.txt <file:///r.txt>]',
        'embedded text',
        '[resource: <file:///b.bin> x/bin]',
      ].join('\n'),
    );
  });

  it('leaves short text alone and cuts long text with a marker, within the limit', () => {
    // Prepare
    const long = 'y'.repeat(10_000);

    // Act
    const short = capText('short', 300);
    const cut = capText(long, 300);

    // Assess
    expect(short).toEqual({ text: 'short', truncated: false });
    expect(cut.truncated).toBe(true);
    expect(cut.text.length).toBeLessThanOrEqual(300);
    const kept = cut.text.indexOf('\n');
    expect(cut.text.slice(kept)).toBe(`\n[truncated: showing ${kept} of 10000 characters]`);
  });

  it('never splits a surrogate pair', () => {
    // Prepare
    const emoji = '😀'.repeat(200);

    // Act
    const cuts = [250, 251].map((limit) => capText(emoji, limit).text);

    // Assess
    for (const cut of cuts) {
      const kept = cut.slice(0, cut.indexOf('\n'));
      expect(kept.length % 2).toBe(0);
      expect(kept).toBe('😀'.repeat(kept.length / 2));
    }
  });
});
