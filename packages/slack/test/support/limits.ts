import type { SlackMessage } from '../../src/index.js';

const LIMITS: Array<[string, number]> = [
  ['section', 3_000],
  ['header', 150],
  ['context', 3_000],
];

/** Every way `message` breaks a Slack limit, as readable lines; empty when it breaks none. */
export function limitViolations(message: SlackMessage): string[] {
  const problems: string[] = [];
  if (message.blocks.length > 50) problems.push(`${message.blocks.length} blocks`);
  if (message.text.length > 4_000) problems.push(`text of ${message.text.length}`);
  message.blocks.forEach((block, index) => {
    const limit = LIMITS.find(([type]) => type === block.type)?.[1];
    if (block.type === 'section' || block.type === 'header') {
      const length = block.text?.text.length ?? 0;
      if (length < 1 || (limit !== undefined && length > limit)) {
        problems.push(`block ${index} (${block.type}) text of ${length}`);
      }
    }
    if (block.type === 'context' && block.elements.length > 10) {
      problems.push(`block ${index} has ${block.elements.length} context elements`);
    }
    if (block.type === 'actions') {
      for (const element of block.elements) {
        if ('value' in element && (element.value?.length ?? 0) > 2_000) {
          problems.push(`block ${index} button value too long`);
        }
      }
    }
  });
  return problems;
}

/**
 * All the text Slack reads as markup in a message (its fallback and every mrkdwn text), so
 * tests can look for what must never appear unescaped; `plain_text` is shown as written.
 */
export function allText(message: SlackMessage, options: { plain?: boolean } = {}): string {
  const texts: string[] = [message.text];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      if ('type' in value && value.type === 'plain_text' && !options.plain) return;
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') texts.push(inner);
        else walk(inner);
      }
    }
  };
  walk(message.blocks);
  return texts.join('\n');
}
