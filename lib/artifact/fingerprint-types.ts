/** DuckDB type names, as DESCRIBE prints them, in the shape the fingerprint needs: which canonical
 * form a value takes, and for nested types the element, field and member types. Read by the one
 * type-name reader (lib/engine/type-names.ts). */
import { readTypeName, type TypeTree } from '@/lib/engine/type-names';

export type FingerprintType =
  | { kind: 'scalar'; name: string }
  | { kind: 'decimal'; scale: number }
  | { kind: 'list'; element: FingerprintType }
  | { kind: 'struct'; fields: { name: string; type: FingerprintType }[] }
  | { kind: 'map'; key: FingerprintType; value: FingerprintType }
  | { kind: 'union'; members: { name: string; type: FingerprintType }[] };

function fromTree(tree: TypeTree, whole: string): FingerprintType {
  const children = tree.children ?? [];
  const named = () => {
    if (!tree.fields) throw new Error(`unexpected type name: ${whole}`);
    return tree.fields.map((name, i) => ({ name, type: fromTree(children[i]!, whole) }));
  };
  switch (tree.keyword) {
    // `T[]` is a LIST and `T[n]` an ARRAY; both take the same canonical form.
    case 'LIST':
      return { kind: 'list', element: fromTree(children[0]!, whole) };
    case 'STRUCT':
      return { kind: 'struct', fields: named() };
    case 'UNION':
      return { kind: 'union', members: named() };
    case 'MAP':
      if (children.length !== 2) throw new Error(`unexpected type name: ${whole}`);
      return { kind: 'map', key: fromTree(children[0]!, whole), value: fromTree(children[1]!, whole) };
    case 'DECIMAL':
    case 'NUMERIC':
      return { kind: 'decimal', scale: Number(/,\s*(\d+)\s*\)$/u.exec(tree.args ?? '(18,3)')?.[1] ?? 0) };
    default:
      return { kind: 'scalar', name: `${tree.keyword}${tree.args ?? ''}` };
  }
}

/** The tree of a DuckDB type name; throws on a name it cannot read, because a fingerprint must never
 * quietly fall back to a weaker canonical form for part of a value. */
export function parseFingerprintType(name: string): FingerprintType {
  return fromTree(readTypeName(name), name);
}
