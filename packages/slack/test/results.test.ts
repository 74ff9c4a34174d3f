import type { ImageBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { resultMessages } from '../src/index.js';
import { pendingItem } from './support/items.js';
import { allText, limitViolations } from './support/limits.js';

const DECIDED = {
  verdict: 'approved' as const,
  approver: 'U_APPROVER',
  decidedAt: '2026-01-01T10:20:00.000Z',
};

function ended(output: string, changes: { ok?: boolean; error?: string; tool?: string } = {}) {
  const call = {
    tool: changes.tool ?? 'google_admin__reset_2fa',
    arguments: {},
    ok: changes.ok ?? true,
    output,
    ...(changes.error ? { error: changes.error } : {}),
  };
  return pendingItem({
    status: changes.ok === false ? 'failed' : 'completed',
    decision: DECIDED,
    ...(changes.ok === false ? { statusReason: changes.error } : {}),
    result: {
      outcome: changes.ok === false ? 'failed' : 'completed',
      output,
      toolCalls: [call],
      startedAt: '2026-01-01T10:21:00.000Z',
      finishedAt: '2026-01-01T10:21:01.000Z',
    },
  });
}

/** The code-block text of every page, fences removed: what the reader gets of the output. */
function shownCode(messages: ReturnType<typeof resultMessages>): string {
  return messages
    .flatMap((message) => message.blocks)
    .flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []))
    .filter((text) => text.startsWith('```\n'))
    .map((text) => text.slice(4, -4))
    .join('');
}

describe('resultMessages', () => {
  it('pages a 100 000-character result into messages that each keep every limit, losing nothing', () => {
    // Prepare
    const output = Array.from({ length: 2_000 }, (_, i) => `Line ${i} & <tag> done. `)
      .join('')
      .padEnd(100_000, 'z')
      .slice(0, 100_000);

    // Act
    const messages = resultMessages(ended(output));

    // Assess
    expect(messages.length).toBeGreaterThan(5);
    for (const message of messages) expect(limitViolations(message)).toEqual([]);
    const escaped = output.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    expect(shownCode(messages)).toBe(escaped);
    expect(messages[1]?.text.endsWith(`(2/${messages.length})`)).toBe(true);
  });

  it('lets a tool result neither ping the channel nor hide a link', () => {
    // Prepare
    const output = 'Done <!channel> <!here|here> — see <https://evil.example|click here> <@U0BOSS>';

    // Act
    const [message] = resultMessages(ended(output));

    // Assess
    const text = allText(message ?? { text: '', blocks: [] });
    expect(text).not.toMatch(/<!channel>|<!here|<https:|<@U0BOSS>/);
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('indents a JSON result for reading', () => {
    // Act
    const [message] = resultMessages(ended('{"changed":true,"email":"bob@example.com"}'));

    // Assess
    expect(allText(message ?? { text: '', blocks: [] })).toContain(
      '```\n{\n  "changed": true,\n  "email": "bob@example.com"\n}\n```',
    );
  });

  it('shows GIF results as images', () => {
    // Prepare
    const output = JSON.stringify({
      gifs: [
        {
          id: 'g1',
          title: 'Cat <!channel>',
          url: 'https://media.example/cat.gif',
          preview_url: 'https://media.example/cat-small.gif',
          width: 1,
          height: 1,
          source: 'giphy',
        },
      ],
      total_count: 1,
      query: 'cat',
      pagination: {},
    });

    // Act
    const [message] = resultMessages(ended(output, { tool: 'gifs__search_gifs' }));

    // Assess
    const images = (message?.blocks ?? []).filter(
      (block): block is ImageBlock => block.type === 'image',
    );
    expect(images).toEqual([
      expect.objectContaining({
        image_url: 'https://media.example/cat.gif',
        alt_text: 'Cat <!channel>',
      }),
    ]);
  });

  it('tells a failure with its reason', () => {
    // Act
    const [message] = resultMessages(
      ended('', { ok: false, error: 'Google said: user not found <@U1>' }),
    );

    // Assess
    const text = allText(message ?? { text: '', blocks: [] }, { plain: true });
    expect(text).toContain('⚠️ Failed');
    expect(text).toContain('Google said: user not found &lt;@U1&gt;');
  });

  it('never shows a sensitive output, only that its requester gets it privately', () => {
    // Prepare
    const marker = `[sensitive output: hmac-sha256 ${'a'.repeat(64)}, delivered to U_ALICE]`;

    // Act
    const messages = resultMessages(ended(marker, { tool: 'totp__generate_totp_code' }));

    // Assess
    const text = messages.map((message) => allText(message, { plain: true })).join('\n');
    expect(text).not.toContain('hmac-sha256');
    expect(text).toContain('only <@U_ALICE> receives it, privately');
  });

  it('says why a request ended without running', () => {
    // Prepare
    const item = pendingItem({ status: 'expired', statusReason: 'nobody decided before 11:00' });

    // Act
    const messages = resultMessages(item);

    // Assess
    expect(messages).toHaveLength(1);
    expect(allText(messages[0] ?? { text: '', blocks: [] })).toContain(
      'nobody decided before 11:00',
    );
  });
});
