import { describe, expect, it } from 'vitest';
import { formatGifForSlack, type GifResult, SlackGifMessageSchema } from '../src/index.js';
import { useHarness } from './support/harness.js';

const GIF: GifResult = {
  id: 'abc',
  title: 'Cat Typing GIF',
  url: 'https://media.giphy.com/media/abc/giphy.gif',
  preview_url: 'https://media.giphy.com/media/abc/200.gif',
  width: 480,
  height: 480,
  source: 'giphy',
};

describe('formatGifForSlack', () => {
  it('builds the seed layout: section text, then an image titled with the GIF', () => {
    // Act
    const message = formatGifForSlack(GIF);

    // Assess
    expect(message).toEqual({
      text: "Here's a GIF: Cat Typing GIF",
      gif_url: GIF.url,
      gif_title: 'Cat Typing GIF',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: "Here's a GIF: Cat Typing GIF" } },
        {
          type: 'image',
          image_url: GIF.url,
          alt_text: 'Cat Typing GIF',
          title: { type: 'plain_text', text: 'Cat Typing GIF' },
        },
      ],
    });
  });

  it('uses the given message and escapes Slack markup in it', () => {
    // Act
    const message = formatGifForSlack(GIF, 'Deployed <!channel> & done');

    // Assess
    expect(message.text).toBe('Deployed &lt;!channel&gt; &amp; done');
    expect(message.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Deployed &lt;!channel&gt; &amp; done' },
    });
  });

  it('keeps every field within Block Kit limits', () => {
    // Prepare
    const long = { ...GIF, title: 't'.repeat(5000) };

    // Act
    const message = formatGifForSlack(long, 'm'.repeat(4000));

    // Assess
    expect(SlackGifMessageSchema.safeParse(message).success).toBe(true);
    expect(message.blocks[1]).toMatchObject({ alt_text: expect.stringMatching(/^t{1999}…$/) });
  });

  it('links a URL too long for an image block instead of embedding it', () => {
    // Prepare
    const longUrl = { ...GIF, url: `https://example.com/${'a'.repeat(3000)}.gif` };

    // Act
    const message = formatGifForSlack(longUrl);

    // Assess
    expect(message.blocks).toHaveLength(1);
    expect(message.blocks[0]).toMatchObject({ text: { text: expect.stringContaining('aaaa') } });
  });

  it('names an untitled GIF "GIF"', () => {
    // Act
    const message = formatGifForSlack({ ...GIF, title: ' ' });

    // Assess
    expect(message.gif_title).toBe('GIF');
    expect(message.text).toBe("Here's a GIF: GIF");
  });
});

describe('get_random_gif_for_slack', () => {
  const harness = useHarness();

  it('returns a random GIF as a ready-to-post Slack message', async () => {
    // Prepare
    const connected = await harness.connect();

    // Act
    const result = await connected.call('get_random_gif_for_slack', {
      tag: 'thumbs up',
      message: 'Approved!',
    });

    // Assess
    expect(result.structuredContent).toMatchObject({
      text: 'Approved!',
      gif_title: 'Dog Thumbs Up GIF',
      gif_url: expect.stringContaining(`${harness.giphy.url}/media/4Zo41lhzKt6iZ8xff9/giphy.gif`),
      source: 'giphy',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Approved!' } },
        { type: 'image', alt_text: 'Dog Thumbs Up GIF' },
      ],
    });
  });
});
