/**
 * Slack's Block Kit limits as Slack enforces them: a message or view over a limit is refused
 * with Slack's error and a `[json-pointer:…]` message naming the offending field.
 */

type Problems = string[];

const TEXT_TYPES = new Set(['plain_text', 'mrkdwn']);
const MESSAGE_BLOCKS = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'image',
  'rich_text',
  'markdown',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkText(
  value: unknown,
  pointer: string,
  max: number,
  problems: Problems,
  plainOnly = false,
): void {
  if (!isRecord(value) || typeof value.text !== 'string' || !TEXT_TYPES.has(String(value.type))) {
    problems.push(`must provide a text object [json-pointer:${pointer}]`);
    return;
  }
  if (plainOnly && value.type !== 'plain_text') {
    problems.push(`must be a plain_text object [json-pointer:${pointer}/type]`);
  }
  if (value.text.length < 1)
    problems.push(`must be more than 0 characters [json-pointer:${pointer}/text]`);
  if (value.text.length > max) {
    problems.push(`must be less than ${max + 1} characters [json-pointer:${pointer}/text]`);
  }
}

function checkLength(value: unknown, pointer: string, max: number, problems: Problems): void {
  if (typeof value === 'string' && value.length > max) {
    problems.push(`must be less than ${max + 1} characters [json-pointer:${pointer}]`);
  }
}

function checkButton(element: Record<string, unknown>, pointer: string, problems: Problems): void {
  checkText(element.text, `${pointer}/text`, 75, problems, true);
  checkLength(element.action_id, `${pointer}/action_id`, 255, problems);
  checkLength(element.value, `${pointer}/value`, 2_000, problems);
  checkLength(element.url, `${pointer}/url`, 3_000, problems);
}

function checkBlock(block: unknown, pointer: string, problems: Problems, inView: boolean): void {
  if (!isRecord(block) || typeof block.type !== 'string') {
    problems.push(`must be an object with a type [json-pointer:${pointer}]`);
    return;
  }
  checkLength(block.block_id, `${pointer}/block_id`, 255, problems);
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        problems.push(`must provide either text or fields [json-pointer:${pointer}]`);
      }
      if (block.text !== undefined) checkText(block.text, `${pointer}/text`, 3_000, problems);
      if (block.fields !== undefined) {
        const fields = Array.isArray(block.fields) ? block.fields : [];
        if (fields.length > 10) {
          problems.push(`must be at most 10 items [json-pointer:${pointer}/fields]`);
        }
        fields.forEach((field, i) => {
          checkText(field, `${pointer}/fields/${i}`, 2_000, problems);
        });
      }
      if (isRecord(block.accessory) && block.accessory.type === 'button') {
        checkButton(block.accessory, `${pointer}/accessory`, problems);
      }
      return;
    }
    case 'header':
      checkText(block.text, `${pointer}/text`, 150, problems, true);
      return;
    case 'context': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length < 1 || elements.length > 10) {
        problems.push(`must have between 1 and 10 elements [json-pointer:${pointer}/elements]`);
      }
      elements.forEach((element, i) => {
        if (isRecord(element) && element.type === 'image') return;
        checkText(element, `${pointer}/elements/${i}`, 3_000, problems);
      });
      return;
    }
    case 'actions': {
      const elements = Array.isArray(block.elements) ? block.elements : [];
      if (elements.length < 1 || elements.length > 25) {
        problems.push(`must have between 1 and 25 elements [json-pointer:${pointer}/elements]`);
      }
      elements.forEach((element, i) => {
        if (isRecord(element) && element.type === 'button') {
          checkButton(element, `${pointer}/elements/${i}`, problems);
        }
      });
      return;
    }
    case 'image':
      if (typeof block.image_url !== 'string' || !/^https?:\/\//.test(block.image_url)) {
        problems.push(`must provide a valid image_url [json-pointer:${pointer}/image_url]`);
      }
      checkLength(block.image_url, `${pointer}/image_url`, 3_000, problems);
      if (typeof block.alt_text !== 'string' || block.alt_text.length < 1) {
        problems.push(`must provide alt_text [json-pointer:${pointer}/alt_text]`);
      }
      checkLength(block.alt_text, `${pointer}/alt_text`, 2_000, problems);
      if (block.title !== undefined)
        checkText(block.title, `${pointer}/title`, 2_000, problems, true);
      return;
    case 'input': {
      if (!inView) break;
      checkText(block.label, `${pointer}/label`, 2_000, problems, true);
      if (block.hint !== undefined) checkText(block.hint, `${pointer}/hint`, 2_000, problems, true);
      const element = isRecord(block.element) ? block.element : {};
      if (element.type === 'plain_text_input') {
        const max = typeof element.max_length === 'number' ? element.max_length : 3_000;
        if (max > 3_000)
          problems.push(`must be at most 3000 [json-pointer:${pointer}/element/max_length]`);
        checkLength(element.initial_value, `${pointer}/element/initial_value`, max, problems);
      }
      return;
    }
    default:
      if (MESSAGE_BLOCKS.has(block.type)) return;
  }
  problems.push(`unsupported type: ${block.type} [json-pointer:${pointer}/type]`);
}

function checkBlockIds(blocks: unknown[], problems: Problems): void {
  const seen = new Set<string>();
  blocks.forEach((block, i) => {
    const id = isRecord(block) ? block.block_id : undefined;
    if (typeof id !== 'string') return;
    if (seen.has(id)) problems.push(`duplicate block_id [json-pointer:/blocks/${i}/block_id]`);
    seen.add(id);
  });
}

/** Why Slack would refuse these message blocks; empty when it would take them. */
export function messageBlockProblems(blocks: unknown[]): Problems {
  const problems: Problems = [];
  if (blocks.length > 50) problems.push('must be at most 50 items [json-pointer:/blocks]');
  blocks.forEach((block, i) => {
    checkBlock(block, `/blocks/${i}`, problems, false);
  });
  checkBlockIds(blocks, problems);
  return problems;
}

/** Why Slack would refuse this modal view; empty when it would open it. */
export function viewProblems(view: unknown): Problems {
  const problems: Problems = [];
  if (!isRecord(view) || view.type !== 'modal')
    return ['must be a modal view [json-pointer:/view/type]'];
  checkText(view.title, '/view/title', 24, problems, true);
  if (view.submit !== undefined) checkText(view.submit, '/view/submit', 24, problems, true);
  if (view.close !== undefined) checkText(view.close, '/view/close', 24, problems, true);
  checkLength(view.private_metadata, '/view/private_metadata', 3_000, problems);
  checkLength(view.callback_id, '/view/callback_id', 255, problems);
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (blocks.length > 100) problems.push('must be at most 100 items [json-pointer:/view/blocks]');
  blocks.forEach((block, i) => {
    checkBlock(block, `/view/blocks/${i}`, problems, true);
  });
  const hasInput = blocks.some((block) => isRecord(block) && block.type === 'input');
  if (hasInput && view.submit === undefined) {
    problems.push('must provide submit when the view has inputs [json-pointer:/view/submit]');
  }
  return problems;
}
