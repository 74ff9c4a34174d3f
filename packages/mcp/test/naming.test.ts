import { QualifiedToolNameSchema } from '@agentcore/core';
import { describe, expect, it } from 'vitest';
import {
  aliasOf,
  displayToolName,
  qualifyToolName,
  ToolNameError,
  toQualifiedToolName,
} from '../src/index.js';

describe('tool names', () => {
  it('qualifies a plain tool name as alias__tool and shows it as alias/tool', () => {
    // Prepare
    const alias = 'google_admin';

    // Act
    const qualified = qualifyToolName(alias, 'list_users');

    // Assess
    expect(qualified).toBe('google_admin__list_users');
    expect(displayToolName(alias, 'list_users')).toBe('google_admin/list_users');
    expect(aliasOf(qualified)).toBe('google_admin');
  });

  it('accepts both forms when parsing', () => {
    // Prepare
    const forms = ['jira__create_issue', 'jira/create_issue'];

    // Act
    const parsed = forms.map(toQualifiedToolName);

    // Assess
    expect(parsed).toEqual(['jira__create_issue', 'jira__create_issue']);
  });

  it('gives names with other characters a deterministic, valid, distinct form', () => {
    // Prepare
    const names = ['files.delete', 'files_delete', 'files/delete'];

    // Act
    const qualified = names.map((name) => qualifyToolName('drive', name));

    // Assess
    expect(qualified[1]).toBe('drive__files_delete');
    expect(qualified[0]).toMatch(/^drive__files_delete_[0-9a-f]{8}$/);
    expect(new Set(qualified).size).toBe(3);
    for (const name of qualified)
      expect(QualifiedToolNameSchema.safeParse(name).success).toBe(true);
    expect(qualifyToolName('drive', 'files.delete')).toBe(qualified[0]);
    expect(toQualifiedToolName('drive/files.delete')).toBe(qualified[0]);
  });

  it('shortens names longer than 64 characters, keeping long neighbours apart', () => {
    // Prepare
    const stem = 'a_really_long_tool_name_that_keeps_going_and_going_and_going';

    // Act
    const first = qualifyToolName('calendar', `${stem}_first`);
    const second = qualifyToolName('calendar', `${stem}_second`);

    // Assess
    expect(first).toHaveLength(64);
    expect(second).toHaveLength(64);
    expect(first).not.toBe(second);
    expect(first.startsWith('calendar__a_really_long')).toBe(true);
    expect(aliasOf(first)).toBe('calendar');
  });

  it('rejects malformed names and aliases', () => {
    // Prepare
    const inputs = [
      'no_separator',
      '__tool',
      'alias__',
      'bad alias/tool',
      'a_/tool',
      'x'.repeat(65),
      '*',
    ];

    // Act
    const outcomes = inputs.map((input) => {
      try {
        return toQualifiedToolName(input);
      } catch (error) {
        return error;
      }
    });

    // Assess
    for (const outcome of outcomes) expect(outcome).toBeInstanceOf(ToolNameError);
  });
});
