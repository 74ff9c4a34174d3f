import type { ApprovalItem, ToolCallOutcome } from '@agentcore/core';
import type { ImageBlock, KnownBlock } from '@slack/types';
import { escapeMrkdwn, truncateText } from '../text.js';
import type { SlackMessage } from './approval-card.js';
import { MESSAGE_TEXT_BUDGET, SLACK_LIMITS } from './limits.js';
import { context, displayTool, header, person, section, textSections } from './parts.js';

/** How a stored sensitive output begins: only this marker is kept, never the secret. */
const SENSITIVE_MARKER = '[sensitive output:';
const MAX_IMAGES_PER_CALL = 10;

const HEADLINES: Record<string, string> = {
  completed: '✅ Done',
  failed: '⚠️ Failed',
  rejected: '❌ Rejected',
  expired: '⌛ Expired without a decision',
  denied: '🚫 Denied by policy',
  cancelled: '🚫 Cancelled',
  executing: '⚙️ Running',
  approved: '✅ Approved',
  pending: '🔔 Waiting for approval',
  received: '⏳ Being planned',
};

interface Gif {
  url: string;
  title: string;
}

function isImageUrl(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= SLACK_LIMITS.imageUrl &&
    /^https?:\/\/[^\s<>|]+$/i.test(value)
  );
}

/** GIFs in a tool's JSON output: a `gifs` list, one GIF (`url`), or a Slack-ready `gif_url`. */
function gifsIn(output: string): Gif[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object') return [];
  const record = parsed as Record<string, unknown>;
  const candidates = Array.isArray(record.gifs) ? record.gifs : [record];
  const gifs: Gif[] = [];
  for (const candidate of candidates) {
    if (!candidate || typeof candidate !== 'object') continue;
    const gif = candidate as Record<string, unknown>;
    const url = gif.gif_url ?? gif.url;
    const title = gif.gif_title ?? gif.title;
    const looksLikeGif =
      'preview_url' in gif || 'gif_url' in gif || /\.gif(\?|$)/i.test(String(url));
    if (isImageUrl(url) && looksLikeGif) {
      gifs.push({ url, title: typeof title === 'string' && title.trim() ? title.trim() : 'GIF' });
    }
  }
  return gifs.slice(0, MAX_IMAGES_PER_CALL);
}

/** A JSON object or list indented for reading (tools answer in one line); other text as is. */
function readable(output: string): string {
  const trimmed = output.trim();
  if (!/^[[{]/.test(trimmed)) return output;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return output;
  }
}

function image(gif: Gif): ImageBlock {
  const title = truncateText(gif.title, SLACK_LIMITS.imageTitle);
  return {
    type: 'image',
    image_url: gif.url,
    alt_text: title,
    title: { type: 'plain_text', text: title },
  };
}

function outcomeBlocks(call: ToolCallOutcome, index: number, requester: string): KnownBlock[] {
  const name = `*${index + 1}. \`${escapeMrkdwn(displayTool(call.tool))}\`*`;
  const output = call.output ?? '';
  if (output.includes(SENSITIVE_MARKER)) {
    return [
      section(
        `${name} 🔒 Its result is sensitive: only ${person(requester)} receives it, privately.`,
      ),
    ];
  }
  if (!call.ok) {
    const reason = call.error || output || 'it failed without saying why';
    return [section(`${name} failed:`), ...textSections(reason)];
  }
  const gifs = gifsIn(output);
  if (gifs.length > 0) return [section(name), ...gifs.map(image)];
  if (!output.trim()) return [section(`${name} done, with no output.`)];
  return [section(name), ...textSections(readable(output), { code: true })];
}

function bodyBlocks(item: ApprovalItem): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const reason = item.result?.error?.message ?? item.statusReason;
  if (item.status !== 'completed' && reason) {
    blocks.push(section('*Why:*'), ...textSections(reason));
  }
  if (item.decision?.verdict === 'rejected' && item.decision.comment) {
    blocks.push(
      section(`*${person(item.decision.approver)} said:*`),
      ...textSections(item.decision.comment),
    );
  }
  const calls = item.result?.toolCalls ?? [];
  calls.forEach((call, index) => {
    blocks.push(...outcomeBlocks(call, index, item.requester.userId));
  });
  const output = item.result?.output;
  if (calls.length === 0 && output?.trim() && !output.includes(SENSITIVE_MARKER)) {
    blocks.push(...textSections(output, { code: true }));
  }
  return blocks;
}

function textOf(block: KnownBlock): number {
  return JSON.stringify(block).length;
}

/**
 * How the request ended, as thread replies: a header and the result, paginated so that every
 * message stays within every Slack limit (50 blocks, 3 000 per section, our per-message text
 * budget); GIFs as images; failures with their reason; a sensitive output never, only a note
 * that its requester receives it privately.
 */
export function resultMessages(item: ApprovalItem): SlackMessage[] {
  const headline = HEADLINES[item.status] ?? item.status;
  const title = `${headline}: ${item.action.summary}`;
  const first: KnownBlock[] = [
    header(title),
    context(`Request \`${item.requestId}\` for ${person(item.requester.userId)}`),
  ];
  const pages: KnownBlock[][] = [first];
  // Later pages open with a context line naming the page: keep a block and its text free.
  const room = SLACK_LIMITS.blocksPerMessage - 1;
  let page = first;
  let used = first.reduce((sum, block) => sum + textOf(block), 0);
  for (const block of bodyBlocks(item)) {
    const size = textOf(block);
    if (page.length >= room || used + size > MESSAGE_TEXT_BUDGET) {
      page = [];
      pages.push(page);
      used = 0;
    }
    page.push(block);
    used += size;
  }
  const total = pages.length;
  const summary = escapeMrkdwn(truncateText(title, 300));
  return pages.map((blocks, index) => {
    if (total === 1) return { text: summary, blocks };
    const part = `(${index + 1}/${total})`;
    const withPart =
      index === 0 ? blocks : [context(`Request \`${item.requestId}\` · part ${part}`), ...blocks];
    return { text: `${summary} ${part}`, blocks: withPart };
  });
}
