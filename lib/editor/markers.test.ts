import { describe, expect, it } from 'vitest';
import { errorRange } from './markers';

describe('errorRange', () => {
  const line = 'SELECT amout, "Full Name" FROM orders';
  const marked = (column: number | null) => {
    const { startColumn, endColumn } = errorRange(line, column);
    return line.slice(startColumn - 1, endColumn - 1);
  };

  it('marks the word DuckDB points at', () => {
    expect(marked(8)).toBe('amout');
    expect(marked(10)).toBe('out');
    expect(marked(15)).toBe('"Full Name"');
  });

  it('runs to the end of the line from a position that is not on a word', () => {
    expect(marked(13)).toBe(', "Full Name" FROM orders');
  });

  it('marks the whole line without a position, and the last character past the end', () => {
    expect(marked(null)).toBe(line);
    expect(marked(999)).toBe('s');
    expect(errorRange('', 3)).toEqual({ startColumn: 1, endColumn: 1 });
  });
});
