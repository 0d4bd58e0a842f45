/** DuckDB type names (as DESCRIBE prints them) read back into a tree. The wasm engine needs it because
 * DuckDB-WASM's streaming results drop the Arrow dictionary of ENUM columns (duckdb/duckdb-wasm#1548,
 * measured in 1.32.0: the values arrive as bare indexes), so the labels come from the type name. */

export type TypeTree = {
  /** The whole type name, e.g. `ENUM('sad', 'ok')[]`. */
  readonly name: string;
  /** An ENUM's labels, in index order. */
  readonly labels?: readonly string[];
  /** Element of a list or array; fields of a struct or union members, in order; key and value of a map. */
  readonly children?: readonly TypeTree[];
};

class TypeNameReader {
  private at = 0;
  constructor(private readonly text: string) {}

  private skipSpaces() {
    while (this.text[this.at] === ' ') this.at += 1;
  }

  private expect(char: string) {
    this.skipSpaces();
    if (this.text[this.at] !== char) throw new Error(`unexpected type name: ${this.text}`);
    this.at += 1;
  }

  private peek(): string | undefined {
    this.skipSpaces();
    return this.text[this.at];
  }

  /** A 'quoted' string ('' escapes a quote) or a "quoted" / bare identifier. */
  private quotedOrBare(quote: string): string {
    this.skipSpaces();
    if (this.text[this.at] !== quote) {
      const bare = /^[^\s,()[\]]+/u.exec(this.text.slice(this.at))?.[0] ?? '';
      this.at += bare.length;
      return bare;
    }
    let value = '';
    this.at += 1;
    while (this.at < this.text.length) {
      const char = this.text[this.at] ?? '';
      if (char === quote && this.text[this.at + 1] === quote) {
        value += quote;
        this.at += 2;
      } else if (char === quote) {
        this.at += 1;
        return value;
      } else {
        value += char;
        this.at += 1;
      }
    }
    return value;
  }

  private list<T>(item: () => T): T[] {
    const items: T[] = [];
    this.expect('(');
    while (this.peek() !== ')') {
      items.push(item());
      if (this.peek() === ',') this.at += 1;
    }
    this.expect(')');
    return items;
  }

  private skipParenthesised() {
    let depth = 0;
    do {
      const char = this.text[this.at];
      if (char === '(') depth += 1;
      if (char === ')') depth -= 1;
      this.at += 1;
    } while (depth > 0 && this.at < this.text.length);
  }

  /** `name TYPE` inside STRUCT(…) or UNION(…); only the type matters here. */
  private field(): TypeTree {
    this.quotedOrBare('"');
    return this.read();
  }

  read(): TypeTree {
    this.skipSpaces();
    const start = this.at;
    const base = (/^[^,()[\]]+/u.exec(this.text.slice(this.at))?.[0] ?? '').trimEnd();
    this.at += base.length;
    let tree: TypeTree = { name: base };
    if (this.peek() === '(') {
      const keyword = base.toUpperCase();
      if (keyword === 'ENUM') tree = { name: base, labels: this.list(() => this.quotedOrBare("'")) };
      else if (keyword === 'STRUCT' || keyword === 'UNION') tree = { name: base, children: this.list(() => this.field()) };
      else if (keyword === 'MAP') tree = { name: base, children: this.list(() => this.read()) };
      else this.skipParenthesised();
      tree = { ...tree, name: this.text.slice(start, this.at).trim() };
    }
    while (this.peek() === '[') {
      const close = this.text.indexOf(']', this.at);
      this.at = close < 0 ? this.text.length : close + 1;
      tree = { name: this.text.slice(start, this.at).trim(), children: [tree] };
    }
    return tree;
  }
}

/** The tree of a DuckDB type name; a name it cannot read comes back as a leaf, so callers only lose
 * the extra detail. */
export function parseTypeName(name: string): TypeTree {
  try {
    return new TypeNameReader(name).read();
  } catch {
    return { name };
  }
}
