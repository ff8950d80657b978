import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/server/index.js';

describe('CSV export cells', () => {
  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'])('neutralises a text cell starting with %j', (text) => {
    expect(csvCell(text).replace(/^"/, '')).toMatch(/^'/);
  });

  it('leaves numbers, plain text and empty cells as they are, and quotes per RFC 4180', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('REFUSED')).toBe('REFUSED');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });
});
