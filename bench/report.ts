// Where a bench writes its results: one section of docs/benchmarks.md, replaced in place (up to the
// next heading of the same or a higher level) or appended when it is not there yet.
import { readFileSync, writeFileSync } from 'node:fs';

const REPORT = 'docs/benchmarks.md';

export function writeSection(heading: string, body: string): string {
  const section = `${heading}\n\n${body}\n`;
  const report = readFileSync(REPORT, 'utf8');
  const at = report.indexOf(heading);
  const level = heading.indexOf(' ');
  const after = at + heading.length;
  const found = at >= 0 ? report.slice(after).search(new RegExp(`\n#{1,${level}} `)) : -1;
  const next = found >= 0 ? after + found : -1;
  const updated = at < 0 ? `${report.trimEnd()}\n\n${section}` : `${report.slice(0, at)}${section}${next >= 0 ? report.slice(next) : ''}`;
  writeFileSync(REPORT, updated);
  return section;
}
