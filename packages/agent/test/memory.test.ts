import { describe, expect, it } from 'vitest';
import {
  type MemoryTurn,
  memoryRecap,
  remember,
  SHORT_TERM_MEMORY_TURNS,
  ShortTermMemorySchema,
} from '../src/index.js';

describe('short-term memory', () => {
  it('keeps the last six turns, oldest first, without changing the given memory', () => {
    // Prepare
    let memory: readonly MemoryTurn[] = [];
    const first = memory;

    // Act
    for (let index = 1; index <= 8; index += 1) {
      memory = remember(memory, {
        role: index % 2 ? 'user' : 'assistant',
        content: `turn ${index}`,
      });
    }

    // Assess
    expect(SHORT_TERM_MEMORY_TURNS).toBe(6);
    expect(memory.map((turn) => turn.content)).toEqual([
      'turn 3',
      'turn 4',
      'turn 5',
      'turn 6',
      'turn 7',
      'turn 8',
    ]);
    expect(first).toEqual([]);
  });

  it('writes the seed recap: header, one trimmed line per turn, long content cut at 500', () => {
    // Prepare
    const long = 'x'.repeat(501);
    const memory = [
      { role: 'user', content: '  grant me the Dev role \n' },
      { role: 'assistant', content: long },
      { role: 'user', content: 'y'.repeat(500) },
    ];

    // Act
    const recap = memoryRecap(memory);

    // Assess
    expect(recap.split('\n')).toEqual([
      'Context recap (recent messages):',
      '- user: grant me the Dev role',
      `- assistant: ${'x'.repeat(500)}...`,
      `- user: ${'y'.repeat(500)}`,
    ]);
  });

  it('gives an empty recap for an empty memory', () => {
    expect(memoryRecap([])).toBe('');
  });

  it('honours a smaller size and refuses a size below one', () => {
    // Act
    const kept = remember([{ role: 'user', content: 'a' }], { role: 'user', content: 'b' }, 1);

    // Assess
    expect(kept).toEqual([{ role: 'user', content: 'b' }]);
    expect(() => remember([], { role: 'user', content: 'a' }, 0)).toThrow(RangeError);
  });

  it('validates stored memory', () => {
    expect(ShortTermMemorySchema.safeParse([{ role: 'user', content: 'hi' }]).success).toBe(true);
    expect(ShortTermMemorySchema.safeParse([{ role: '', content: 'hi' }]).success).toBe(false);
  });
});
