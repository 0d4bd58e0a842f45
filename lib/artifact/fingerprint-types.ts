/** DuckDB type names, as DESCRIBE prints them, read into the shape the fingerprint needs: which
 * canonical form a value takes, and for nested types the element, field and member types.
 * (lib/engine/type-names.ts keeps only ENUM labels; the fingerprint also needs field names and
 * decimal scales.) */

export type FingerprintType =
  | { kind: 'scalar'; name: string }
  | { kind: 'decimal'; scale: number }
  | { kind: 'list'; element: FingerprintType }
  | { kind: 'struct'; fields: { name: string; type: FingerprintType }[] }
  | { kind: 'map'; key: FingerprintType; value: FingerprintType }
  | { kind: 'union'; members: { name: string; type: FingerprintType }[] };

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  private skipSpaces() {
    while (this.text[this.at] === ' ') this.at += 1;
  }

  peek(): string | undefined {
    this.skipSpaces();
    return this.text[this.at];
  }

  done(): boolean {
    return this.peek() === undefined;
  }

  private expect(char: string) {
    if (this.peek() !== char) throw new Error(`unexpected type name: ${this.text}`);
    this.at += 1;
  }

  /** A "quoted" identifier ("" escapes a quote) or a bare one. */
  private identifier(): string {
    this.skipSpaces();
    if (this.text[this.at] !== '"') {
      const bare = /^[^\s,()[\]]+/u.exec(this.text.slice(this.at))?.[0] ?? '';
      this.at += bare.length;
      return bare;
    }
    let value = '';
    this.at += 1;
    while (this.at < this.text.length) {
      const char = this.text[this.at] ?? '';
      this.at += 1;
      if (char !== '"') value += char;
      else if (this.text[this.at] === '"') {
        value += '"';
        this.at += 1;
      } else return value;
    }
    throw new Error(`unterminated identifier in type name: ${this.text}`);
  }

  /** The text of a parenthesised group, quote-aware (ENUM labels may hold parentheses and commas). */
  private parenthesised(): string {
    const start = this.at;
    let depth = 0;
    let quote: string | null = null;
    while (this.at < this.text.length) {
      const char = this.text[this.at] ?? '';
      this.at += 1;
      if (quote !== null) {
        if (char === quote && this.text[this.at] === quote) this.at += 1;
        else if (char === quote) quote = null;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === '(') depth += 1;
      else if (char === ')' && --depth === 0) return this.text.slice(start, this.at);
    }
    throw new Error(`unbalanced parentheses in type name: ${this.text}`);
  }

  private fields(): { name: string; type: FingerprintType }[] {
    const fields: { name: string; type: FingerprintType }[] = [];
    this.expect('(');
    while (this.peek() !== ')') {
      const name = this.identifier();
      fields.push({ name, type: this.type() });
      if (this.peek() === ',') this.at += 1;
      else if (this.peek() !== ')') throw new Error(`unexpected type name: ${this.text}`);
    }
    this.expect(')');
    return fields;
  }

  type(): FingerprintType {
    this.skipSpaces();
    const base = (/^[^,()[\]]+/u.exec(this.text.slice(this.at))?.[0] ?? '').trimEnd();
    if (base === '') throw new Error(`unexpected type name: ${this.text}`);
    this.at += base.length;
    const keyword = base.toUpperCase();
    let type: FingerprintType;
    if (keyword === 'STRUCT') type = { kind: 'struct', fields: this.fields() };
    else if (keyword === 'UNION') type = { kind: 'union', members: this.fields() };
    else if (keyword === 'MAP') {
      this.expect('(');
      const key = this.type();
      this.expect(',');
      const value = this.type();
      this.expect(')');
      type = { kind: 'map', key, value };
    } else if (keyword === 'DECIMAL' || keyword === 'NUMERIC') {
      const args = this.peek() === '(' ? this.parenthesised() : '(18,3)';
      type = { kind: 'decimal', scale: Number(/,\s*(\d+)\s*\)$/u.exec(args)?.[1] ?? 0) };
    } else {
      const args = this.peek() === '(' ? this.parenthesised() : '';
      type = { kind: 'scalar', name: `${keyword}${args}` };
    }
    // `T[]` is a LIST and `T[n]` an ARRAY; both take the same canonical form.
    while (this.peek() === '[') {
      const close = this.text.indexOf(']', this.at);
      if (close < 0) throw new Error(`unbalanced brackets in type name: ${this.text}`);
      this.at = close + 1;
      type = { kind: 'list', element: type };
    }
    return type;
  }
}

/** The tree of a DuckDB type name; throws on a name it cannot read, because a fingerprint must never
 * quietly fall back to a weaker canonical form for part of a value. */
export function parseFingerprintType(name: string): FingerprintType {
  const reader = new Reader(name);
  const type = reader.type();
  if (!reader.done()) throw new Error(`unexpected type name: ${name}`);
  return type;
}
