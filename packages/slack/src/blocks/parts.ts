import type { ContextBlock, DividerBlock, HeaderBlock, SectionBlock } from '@slack/types';
import { chunkText, escapeMrkdwn, truncateText } from '../text.js';
import { SLACK_LIMITS } from './limits.js';

const FENCE = '```';

/** A header: plain text (never parsed as markup), cut to Slack's 150 characters. */
export function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncateText(text, SLACK_LIMITS.headerText), emoji: true },
  };
}

/** A mrkdwn section from text already escaped or written by us, cut to 3 000 characters. */
export function section(mrkdwn: string): SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncateText(mrkdwn, SLACK_LIMITS.sectionText) || ' ' },
  };
}

/** A context line of our own mrkdwn (escape anything that came from people or tools first). */
export function context(...mrkdwn: string[]): ContextBlock {
  return {
    type: 'context',
    elements: mrkdwn
      .slice(0, SLACK_LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn', text: truncateText(text, SLACK_LIMITS.sectionText) })),
  };
}

export const divider: DividerBlock = { type: 'divider' };

/** At most this much of a text goes into sections; the rest is cut, ending with `marker`. */
export interface SectionBudget {
  sections: number;
  chars: number;
  marker: string;
}

/**
 * Text from people or tools as sections: escaped, and split without losing a character into
 * as many sections as it takes; `code` puts each piece in a code block. A fence inside the text
 * is broken up so it cannot close ours early. With a `budget`, the escaped text is cut (with
 * its marker) to what fits in that many sections: chunkText fills each piece past half its
 * size, so text of at most `sections` half-pieces never needs more than `sections` pieces.
 */
export function textSections(
  raw: string,
  options: { code?: boolean; budget?: SectionBudget } = {},
): SectionBlock[] {
  let escaped = escapeMrkdwn(options.code ? raw.replaceAll(FENCE, '`\u200b``') : raw);
  const inner = options.code
    ? SLACK_LIMITS.sectionText - 2 * FENCE.length - 2
    : SLACK_LIMITS.sectionText;
  const { budget } = options;
  if (budget) {
    const fits = Math.min(budget.chars, budget.sections * (Math.floor(inner / 2) - 8));
    escaped = truncateText(escaped, fits, escapeMrkdwn(budget.marker));
  }
  const pieces = chunkText(escaped, inner);
  return options.code
    ? pieces.map((piece) => section(`${FENCE}\n${piece}\n${FENCE}`))
    : pieces.map(section);
}

/** The requester or approver as a mention when it is a Slack user id, else as escaped text. */
export function person(userId: string): string {
  return /^[UW][A-Z0-9_]{1,40}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** A time Slack shows in each reader's own time zone, with the ISO form as its fallback. */
export function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  if (!Number.isFinite(seconds)) return escapeMrkdwn(iso);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${escapeMrkdwn(iso)}>`;
}

/** `alias__tool` as people read it: `alias/tool`. */
export function displayTool(tool: string): string {
  const separator = tool.indexOf('__');
  return separator > 0 ? `${tool.slice(0, separator)}/${tool.slice(separator + 2)}` : tool;
}
