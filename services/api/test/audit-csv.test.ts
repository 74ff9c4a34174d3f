import { describe, expect, it } from 'vitest';
import { auditEventsCsv, csvCell } from '../src/routes/audit-csv.js';

describe('audit CSV cells', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=1,2', `"'=1,2"`],
  ])('prefixes %j, which a spreadsheet would run, with a quote', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['', ''],
  ])('quotes %j as RFC 4180 says', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('leaves numbers alone, negative ones too', () => {
    expect(csvCell(7)).toBe('7');
    expect(csvCell(-7)).toBe('-7');
  });

  it('writes a header row, CRLF line ends and data as compact JSON', () => {
    const csv = auditEventsCsv([
      {
        streamId: 'config',
        seq: 3,
        at: '2026-03-01T10:00:00.000Z',
        type: 'config.saved',
        actor: '-U1',
        data: { key: 'policies', note: 'a "b", c' },
      },
    ]);

    expect(csv).toBe(
      'streamId,seq,at,type,actor,data\r\n' +
        'config,3,2026-03-01T10:00:00.000Z,config.saved,\'-U1,"{""key"":""policies"",""note"":""a \\""b\\"", c""}"\r\n',
    );
  });
});
