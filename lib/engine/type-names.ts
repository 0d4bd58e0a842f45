/** DuckDB type names (as DESCRIBE prints them) read back into a tree: the one reader for both users.
 * The wasm engine needs ENUM labels from it because DuckDB-WASM's streaming results drop the Arrow
 * dictionary of ENUM columns (duckdb/duckdb-wasm#1548, measured in 1.32.0: the values arrive as bare
 * indexes); the fingerprint (lib/artifact/fingerprint-types.ts) needs field names and decimal scales. */

export type TypeTree = {
  /** The whole type name, e.g. `ENUM('sad', 'ok')[]`. */
  readonly name: string;
  /** The base type in upper case (`DECIMAL`, `STRUCT`, `TIMESTAMP WITH TIME ZONE`); `LIST` for `T[]`/`T[n]`. */
  readonly keyword: string;
  /** The parenthesised arguments of a type whose arguments are not types: `(18,3)`, `('a', 'b')`. */
  readonly args?: string;
  /** An ENUM's labels, in index order. */
  readonly labels?: readonly string[];
  /** Field names of a struct or members of a union, in the order of `children`. */
  readonly fields?: readonly string[];
  /** Element of a list or array; fields of a struct or union members, in order; key and value of a map. */
  readonly children?: readonly TypeTree[];
};

class TypeNameReader {
  private at = 0;
  constructor(private readonly text: string) {}

  private fail(what = 'unexpected type name'): never {
    throw new Error(`${what}: ${this.text}`);
  }

  private skipSpaces() {
    while (this.text[this.at] === ' ') this.at += 1;
  }

  private expect(char: string) {
    if (this.peek() !== char) this.fail();
    this.at += 1;
  }

  peek(): string | undefined {
    this.skipSpaces();
    return this.text[this.at];
  }

  /** A `quote`-quoted string (a doubled quote escapes it) or a bare identifier. */
  quotedOrBare(quote: string): string {
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
      this.at += 1;
      if (char !== quote) value += char;
      else if (this.text[this.at] === quote) {
        value += quote;
        this.at += 1;
      } else return value;
    }
    return this.fail('unterminated quote in type name');
  }

  /** `(item, item, …)`, strict about the separators. */
  list<T>(item: () => T): T[] {
    const items: T[] = [];
    this.expect('(');
    while (this.peek() !== ')') {
      items.push(item());
      if (this.peek() === ',') this.at += 1;
      else if (this.peek() !== ')') this.fail();
    }
    this.expect(')');
    return items;
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
    return this.fail('unbalanced parentheses in type name');
  }

  read(): TypeTree {
    this.skipSpaces();
    const start = this.at;
    const base = (/^[^,()[\]]+/u.exec(this.text.slice(this.at))?.[0] ?? '').trimEnd();
    if (base === '') this.fail();
    this.at += base.length;
    const keyword = base.toUpperCase();
    let tree: { -readonly [K in keyof TypeTree]: TypeTree[K] } = { name: base, keyword };
    if (this.peek() === '(') {
      if (keyword === 'STRUCT' || keyword === 'UNION') {
        const fields = this.list(() => [this.quotedOrBare('"'), this.read()] as const);
        tree = { ...tree, fields: fields.map(([name]) => name), children: fields.map(([, type]) => type) };
      } else if (keyword === 'MAP') {
        const children = this.list(() => this.read());
        if (children.length !== 2) this.fail();
        tree = { ...tree, children };
      } else {
        const args = this.parenthesised();
        tree = { ...tree, args, ...(keyword === 'ENUM' ? { labels: labelsOf(args) } : {}) };
      }
      tree.name = this.text.slice(start, this.at).trim();
    }
    while (this.peek() === '[') {
      const close = this.text.indexOf(']', this.at);
      if (close < 0) this.fail('unbalanced brackets in type name');
      this.at = close + 1;
      tree = { name: this.text.slice(start, this.at).trim(), keyword: 'LIST', children: [tree] };
    }
    return tree;
  }
}

function labelsOf(args: string): string[] {
  const reader = new TypeNameReader(args);
  return reader.list(() => reader.quotedOrBare("'"));
}

/** The tree of a DuckDB type name; throws on a name it cannot read (the fingerprint must never fall
 * back quietly to a weaker canonical form for part of a value). */
export function readTypeName(name: string): TypeTree {
  const reader = new TypeNameReader(name);
  const tree = reader.read();
  if (reader.peek() !== undefined) throw new Error(`unexpected type name: ${name}`);
  return tree;
}

/** The same, but a name it cannot read comes back as a leaf, so callers only lose the extra detail. */
export function parseTypeName(name: string): TypeTree {
  try {
    return readTypeName(name);
  } catch {
    return { name, keyword: name.toUpperCase() };
  }
}
