import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { buildToolIndex } from '../src/catalog.js';
import { SENSITIVE_OUTPUT_META } from '../src/index.js';

const tool = (extra: Partial<Tool>): Tool => ({
  name: 'get_totp_code',
  description: 'Returns a one-time code.',
  inputSchema: { type: 'object', properties: { secret_name: { type: 'string' } } },
  annotations: { readOnlyHint: true },
  ...extra,
});

const indexed = (listed: Tool) => buildToolIndex('totp', [listed], () => false).tools[0];

describe('the sensitive-output marker', () => {
  it('is read from the tool _meta into the annotations policy classifies by', () => {
    const marked = indexed(tool({ _meta: { [SENSITIVE_OUTPUT_META]: true } }));

    expect(marked?.annotations).toEqual({ readOnlyHint: true, sensitiveOutputHint: true });
  });

  it('is absent unless the server says exactly true', () => {
    expect(indexed(tool({}))?.annotations.sensitiveOutputHint).toBeUndefined();
    expect(
      indexed(tool({ _meta: { [SENSITIVE_OUTPUT_META]: 'yes' } }))?.annotations.sensitiveOutputHint,
    ).toBeUndefined();
  });

  it('is pinned: a server that drops it no longer matches what was approved', () => {
    const marked = indexed(tool({ _meta: { [SENSITIVE_OUTPUT_META]: true } }));
    const unmarked = indexed(tool({}));

    expect(marked?.pin).not.toBe(unmarked?.pin);
  });
});
