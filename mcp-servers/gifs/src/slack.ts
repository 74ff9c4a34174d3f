import * as z from 'zod';
import type { GifResult } from './schemas.js';

// Slack Block Kit limits: section text 3000, image alt_text and title 2000, image_url 3000.
const SECTION_TEXT_MAX = 3000;
const IMAGE_TEXT_MAX = 2000;
const IMAGE_URL_MAX = 3000;

export const SlackSectionBlockSchema = z.object({
  type: z.literal('section'),
  text: z.object({ type: z.literal('mrkdwn'), text: z.string().min(1).max(SECTION_TEXT_MAX) }),
});

export const SlackImageBlockSchema = z.object({
  type: z.literal('image'),
  image_url: z.string().min(1).max(IMAGE_URL_MAX),
  alt_text: z.string().min(1).max(IMAGE_TEXT_MAX),
  title: z.object({ type: z.literal('plain_text'), text: z.string().min(1).max(IMAGE_TEXT_MAX) }),
});

/** A ready-to-post Slack message for one GIF: `text` is the notification fallback. */
export const SlackGifMessageSchema = z.object({
  text: z.string(),
  gif_url: z.string(),
  gif_title: z.string(),
  blocks: z.array(z.union([SlackSectionBlockSchema, SlackImageBlockSchema])),
});
export type SlackGifMessage = z.infer<typeof SlackGifMessageSchema>;

/** Slack reads &, < and > in text as markup; escaping keeps a title from forming links or mentions. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The seed's Slack layout for a GIF: a mrkdwn section with the message (default
 * "Here's a GIF: <title>") and an image block titled and alt-texted with the GIF's title,
 * cut to Slack's limits. A URL too long for an image block is linked in the text instead.
 */
export function formatGifForSlack(gif: GifResult, message?: string): SlackGifMessage {
  const title = gif.title.trim() || 'GIF';
  const text = escapeSlackText(message?.trim() || `Here's a GIF: ${title}`);
  const imageFits = gif.url.length <= IMAGE_URL_MAX;
  const sectionText = imageFits ? text : `${text}\n${gif.url}`;
  const section = {
    type: 'section' as const,
    text: { type: 'mrkdwn' as const, text: truncate(sectionText, SECTION_TEXT_MAX) },
  };
  const shortTitle = truncate(title, IMAGE_TEXT_MAX);
  const image = {
    type: 'image' as const,
    image_url: gif.url,
    alt_text: shortTitle,
    title: { type: 'plain_text' as const, text: shortTitle },
  };
  return {
    text,
    gif_url: gif.url,
    gif_title: title,
    blocks: imageFits ? [section, image] : [section],
  };
}
