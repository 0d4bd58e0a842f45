/** Where an error marker goes on a line, as Monaco columns (1-based, end exclusive). DuckDB reports a
 * character position; the marker covers the word that starts there, or runs to the end of the line
 * when the position is not on a word. Without a position, the whole line is marked. */
export function errorRange(lineText: string, column: number | null): { startColumn: number; endColumn: number } {
  const lineEnd = lineText.length + 1;
  if (column === null || !Number.isFinite(column)) return { startColumn: 1, endColumn: lineEnd };
  // A position past the end ("syntax error at end of input") marks the last character.
  if (column >= lineEnd) return { startColumn: Math.max(1, lineEnd - 1), endColumn: lineEnd };
  const start = Math.max(1, Math.floor(column));
  const rest = lineText.slice(start - 1);
  const word = /^(?:[A-Za-z0-9_$\u00C0-\uFFFF]+|"(?:[^"]|"")*"?|'(?:[^']|'')*'?)/.exec(rest);
  return { startColumn: start, endColumn: word ? start + word[0].length : lineEnd };
}
