/**
 * Slack reads `&`, `<` and `>` in mrkdwn and plain text as markup: `<!channel>` pings everyone,
 * `<@U123>` mentions, `<https://x|label>` hides a link behind a label. Escaped, user and tool
 * text shows as written and can do none of that.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ENTITY = /&(?:amp|lt|gt);/g;

/** True when cutting before `index` would leave a lone surrogate or half an escaped entity. */
function splitsUnit(text: string, index: number): boolean {
  const before = text.charCodeAt(index - 1);
  if (before >= 0xd800 && before <= 0xdbff) return true;
  const from = Math.max(0, index - 4);
  ENTITY.lastIndex = from;
  for (let match = ENTITY.exec(text); match && match.index < index; match = ENTITY.exec(text)) {
    if (match.index + match[0].length > index) return true;
  }
  return false;
}

/** The last index in (min, max] just after `pattern`'s match ends, or -1. */
function lastBreak(window: string, pattern: RegExp, min: number): number {
  let found = -1;
  for (const match of window.matchAll(pattern)) {
    const end = match.index + match[0].length;
    if (end > min) found = end;
  }
  return found;
}

// Preferred places to cut, best first: a paragraph, a line, a sentence's end, a word's end.
const BREAKS = [/\n{2,}/g, /\n/g, /[.!?…]["')\]]*\s+/g, /\s+/g];

/**
 * Splits `text` into pieces of at most `maxChars` UTF-16 units that join back to exactly
 * `text`: cut after a paragraph, a line, a sentence or a word when one falls in the second half
 * of the piece, else hard; never inside a surrogate pair or an escaped entity (`&amp;`).
 */
export function chunkText(text: string, maxChars: number): string[] {
  if (!Number.isInteger(maxChars) || maxChars < 8) {
    throw new RangeError('chunkText needs maxChars to be an integer of at least 8');
  }
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars);
    const half = Math.floor(maxChars / 2);
    let cut = -1;
    for (const pattern of BREAKS) {
      cut = lastBreak(window, pattern, half);
      if (cut > 0) break;
    }
    if (cut <= 0) cut = maxChars;
    while (cut > 1 && splitsUnit(rest, cut)) cut -= 1;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

/** `text` cut to `maxChars` with a visible marker, never inside a surrogate pair or entity. */
export function truncateText(text: string, maxChars: number, marker = '…'): string {
  if (text.length <= maxChars) return text;
  let cut = Math.max(0, maxChars - marker.length);
  while (cut > 0 && splitsUnit(text, cut)) cut -= 1;
  return `${text.slice(0, cut)}${marker}`;
}
