import { DateUnit, IntervalUnit, TimeUnit, Type, UnionMode } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import {
  littleEndianInteger,
  renderBits,
  renderBlob,
  renderDate,
  renderDecimal,
  renderInterval,
  renderTime,
  renderTimestamp,
  type TimeUnit as RenderUnit,
} from './render';
import { parseTypeName, type TypeTree } from './type-names';
import { exact, map, struct, type Raw } from './values';

/** The parts of an Arrow type this reader looks at (apache-arrow's generic types collapse to `any`). */
interface ArrowType {
  readonly typeId: number;
  readonly bitWidth?: number;
  readonly isSigned?: boolean;
  readonly unit?: number;
  readonly timezone?: string | null;
  readonly scale?: number;
  readonly precision?: number;
  readonly listSize?: number;
  readonly byteWidth?: number;
  readonly mode?: number;
  readonly typeIdToChildIndex?: Readonly<Record<number, number>>;
  readonly children?: readonly { readonly name: string; readonly type: ArrowType }[];
}

/** The parts of an Arrow `Data` (one column chunk) this reader uses. */
interface ArrowData {
  readonly type: ArrowType;
  readonly offset: number;
  readonly values: unknown;
  readonly valueOffsets: unknown;
  readonly typeIds: unknown;
  readonly children: readonly ArrowData[];
  readonly dictionary?: { get(index: number): unknown } | undefined;
  getValid(index: number): boolean;
}

const TIME_UNITS: Record<number, RenderUnit> = {
  [TimeUnit.SECOND]: 's',
  [TimeUnit.MILLISECOND]: 'ms',
  [TimeUnit.MICROSECOND]: 'us',
  [TimeUnit.NANOSECOND]: 'ns',
};
const MILLIS_PER_DAY = 86_400_000n;

function unsupported(type: ArrowType): Error {
  return new Error(`Assay cannot read a DuckDB-WASM result column of Arrow type id ${type.typeId}`);
}

function typedArray<T>(values: unknown, kind: abstract new (...args: never[]) => T, type: ArrowType): T {
  if (values instanceof kind) return values;
  throw unsupported(type);
}

function bigintAt(data: ArrowData, index: number): bigint {
  const values: unknown = data.values;
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return values[index] ?? 0n;
  throw unsupported(data.type);
}

function numberAt(data: ArrowData, index: number): number {
  const values: unknown = data.values;
  if (ArrayBuffer.isView(values) && !(values instanceof DataView) && !(values instanceof BigInt64Array) && !(values instanceof BigUint64Array)) {
    return (values as unknown as ArrayLike<number>)[index] ?? 0;
  }
  throw unsupported(data.type);
}

function offsetsAt(data: ArrowData, index: number): [number, number] {
  const offsets = typedArray(data.valueOffsets, Int32Array, data.type);
  return [offsets[index] ?? 0, offsets[index + 1] ?? 0];
}

function bytesAt(data: ArrowData, index: number): Uint8Array {
  const [begin, end] = offsetsAt(data, index);
  return typedArray(data.values, Uint8Array, data.type).subarray(begin, end);
}

function child(data: ArrowData, position: number): ArrowData {
  const found = data.children[position];
  if (!found) throw unsupported(data.type);
  return found;
}

function range(begin: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - begin) }, (_unused, i) => begin + i);
}

const utf8 = new TextDecoder();

/** DECIMAL (and HUGEINT, which DuckDB-WASM ships as DECIMAL(38,0)): 128-bit little-endian words. */
function decimalAt(data: ArrowData, index: number): Raw {
  const words = typedArray(data.values, Uint32Array, data.type);
  const scaled = littleEndianInteger(new Uint8Array(words.buffer, words.byteOffset + index * 16, 16), true);
  return exact(renderDecimal(scaled, data.type.scale ?? 0));
}

function toMicros(count: bigint, unit: RenderUnit): bigint {
  return unit === 's' ? count * 1_000_000n : unit === 'ms' ? count * 1_000n : unit === 'ns' ? count / 1_000n : count;
}

/** INTERVAL arrives as MONTH_DAY_NANO: int32 months, int32 days, int64 nanoseconds per value. (Arrow
 * JS 17 gives this type a stride of 3, so its own getters misread it; the buffer is read directly.) */
function intervalAt(data: ArrowData, index: number): Raw {
  if (data.type.unit !== IntervalUnit.MONTH_DAY_NANO) throw unsupported(data.type);
  const words = typedArray(data.values, Int32Array, data.type);
  const view = new DataView(words.buffer, words.byteOffset + index * 16, 16);
  const nanos = view.getBigInt64(8, true);
  return renderInterval(view.getInt32(0, true), view.getInt32(4, true), nanos / 1000n);
}

/** An ENUM value. Streamed results arrive without their dictionary (type-names.ts says why), so the
 * label comes from the DuckDB type name; with neither, failing beats showing a wrong value. */
function enumLabel(data: ArrowData, index: number, duckdbType: TypeTree | undefined): string {
  const key = data.values instanceof BigInt64Array || data.values instanceof BigUint64Array ? Number(bigintAt(data, index)) : numberAt(data, index);
  const label = duckdbType?.labels?.[key] ?? data.dictionary?.get(key);
  if (typeof label === 'string') return label;
  throw new Error('DuckDB-WASM returned an ENUM column without its labels: cast it to VARCHAR');
}

function readScalar(data: ArrowData, index: number, duckdbType: TypeTree | undefined): Raw {
  const type = data.type;
  switch (type.typeId) {
    case Type.Bool: {
      const bit = data.offset + index;
      return ((typedArray(data.values, Uint8Array, type)[bit >> 3] ?? 0) >> (bit & 7)) % 2 === 1;
    }
    case Type.Int:
      return type.bitWidth === 64 ? exact(bigintAt(data, index)) : numberAt(data, index);
    case Type.Float:
      return numberAt(data, index);
    case Type.Utf8:
      return utf8.decode(bytesAt(data, index));
    case Type.Binary:
      // Arrow cannot tell BLOB from BIT; the DuckDB type name (from DESCRIBE) can.
      return duckdbType?.name === 'BIT' ? renderBits(bytesAt(data, index)) : renderBlob(bytesAt(data, index));
    case Type.FixedSizeBinary: {
      const width = type.byteWidth ?? 0;
      const bytes = typedArray(data.values, Uint8Array, type).subarray(index * width, (index + 1) * width);
      // DuckDB-WASM ships UHUGEINT as 16 little-endian bytes.
      return width === 16 ? exact(littleEndianInteger(bytes, false)) : renderBlob(bytes);
    }
    case Type.Decimal:
      return decimalAt(data, index);
    case Type.Date:
      return type.unit === DateUnit.DAY ? renderDate(numberAt(data, index)) : renderDate(Number(bigintAt(data, index) / MILLIS_PER_DAY));
    case Type.Time: {
      const count = type.bitWidth === 64 ? bigintAt(data, index) : BigInt(numberAt(data, index));
      return renderTime(toMicros(count, TIME_UNITS[type.unit ?? -1] ?? 'us'));
    }
    case Type.Timestamp:
      return renderTimestamp(bigintAt(data, index), TIME_UNITS[type.unit ?? -1] ?? 'us', Boolean(type.timezone));
    case Type.Interval:
      return intervalAt(data, index);
    case Type.Dictionary:
      return enumLabel(data, index, duckdbType);
    default:
      throw unsupported(type);
  }
}

/** One cell of an Arrow column chunk as a `Raw`. Reads the buffers directly rather than through
 * Arrow's getters, which turn 64-bit timestamps into lossy doubles. */
export function readArrowValue(data: ArrowData, index: number, duckdbType?: TypeTree): Raw {
  const type = data.type;
  if (type.typeId === Type.Null || !data.getValid(index)) return null;
  const inner = duckdbType?.children ?? [];
  switch (type.typeId) {
    case Type.List: {
      const [begin, end] = offsetsAt(data, index);
      return range(begin, end).map((i) => readArrowValue(child(data, 0), i, inner[0]));
    }
    case Type.FixedSizeList: {
      const size = type.listSize ?? 0;
      return range(index * size, (index + 1) * size).map((i) => readArrowValue(child(data, 0), i, inner[0]));
    }
    case Type.Struct:
      return struct(
        (type.children ?? []).map((field, position) => [field.name, readArrowValue(child(data, position), index, inner[position])] as const),
      );
    case Type.Map: {
      const [begin, end] = offsetsAt(data, index);
      const entries = child(data, 0);
      return map(
        range(begin, end).map((i) => [readArrowValue(child(entries, 0), i, inner[0]), readArrowValue(child(entries, 1), i, inner[1])] as const),
      );
    }
    case Type.Union: {
      const typeIds = typedArray(data.typeIds, Int8Array, type);
      const position = type.typeIdToChildIndex?.[typeIds[index] ?? -1] ?? -1;
      const member = child(data, position);
      const memberIndex = type.mode === UnionMode.Dense ? (typedArray(data.valueOffsets, Int32Array, type)[index] ?? 0) : index;
      return readArrowValue(member, memberIndex, inner[position]);
    }
    default:
      return readScalar(data, index, duckdbType);
  }
}

/** Every row of a result, column by column through each batch; `duckdbTypes` (from DESCRIBE, when
 * known) settles what Arrow leaves ambiguous or drops: BIT versus BLOB, ENUM labels. */
export function readArrowRows(batches: readonly RecordBatch[], duckdbTypeNames: readonly string[]): Raw[][] {
  const duckdbTypes = duckdbTypeNames.map(parseTypeName);
  const rows: Raw[][] = [];
  for (const batch of batches) {
    const columns: readonly ArrowData[] = batch.data.children;
    for (let index = 0; index < batch.numRows; index += 1) {
      rows.push(columns.map((column, position) => readArrowValue(column, index, duckdbTypes[position])));
    }
  }
  return rows;
}

const INT_NAMES: Record<string, string> = {
  true8: 'TINYINT',
  true16: 'SMALLINT',
  true32: 'INTEGER',
  true64: 'BIGINT',
  false8: 'UTINYINT',
  false16: 'USMALLINT',
  false32: 'UINTEGER',
  false64: 'UBIGINT',
};
const TIMESTAMP_NAMES: Record<RenderUnit, string> = { s: 'TIMESTAMP_S', ms: 'TIMESTAMP_MS', us: 'TIMESTAMP', ns: 'TIMESTAMP_NS' };

function fieldName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/u.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** DuckDB's name for an Arrow column type, for results DESCRIBE cannot describe (SHOW, PRAGMA, DDL…).
 * Approximate where Arrow loses the distinction: an ENUM reads as VARCHAR, a HUGEINT as DECIMAL(38,0). */
export function duckdbTypeName(type: ArrowType): string {
  const children = type.children ?? [];
  const first = children[0]?.type;
  switch (type.typeId) {
    case Type.Null:
      return '"NULL"';
    case Type.Bool:
      return 'BOOLEAN';
    case Type.Int:
      return INT_NAMES[`${String(type.isSigned)}${type.bitWidth ?? 0}`] ?? 'BIGINT';
    case Type.Float:
      return type.precision === 1 ? 'FLOAT' : 'DOUBLE';
    case Type.Utf8:
    case Type.Dictionary:
      return 'VARCHAR';
    case Type.Binary:
      return 'BLOB';
    case Type.FixedSizeBinary:
      return type.byteWidth === 16 ? 'UHUGEINT' : 'BLOB';
    case Type.Decimal:
      return `DECIMAL(${type.precision ?? 18},${type.scale ?? 0})`;
    case Type.Date:
      return 'DATE';
    case Type.Time:
      return 'TIME';
    case Type.Timestamp:
      return type.timezone ? 'TIMESTAMP WITH TIME ZONE' : TIMESTAMP_NAMES[TIME_UNITS[type.unit ?? -1] ?? 'us'];
    case Type.Interval:
      return 'INTERVAL';
    case Type.List:
      return `${first ? duckdbTypeName(first) : 'NULL'}[]`;
    case Type.FixedSizeList:
      return `${first ? duckdbTypeName(first) : 'NULL'}[${type.listSize ?? 0}]`;
    case Type.Struct:
      return `STRUCT(${children.map((field) => `${fieldName(field.name)} ${duckdbTypeName(field.type)}`).join(', ')})`;
    case Type.Map: {
      const [key, value] = first?.children ?? [];
      return `MAP(${key ? duckdbTypeName(key.type) : 'NULL'}, ${value ? duckdbTypeName(value.type) : 'NULL'})`;
    }
    case Type.Union:
      return `UNION(${children.map((field) => `${fieldName(field.name)} ${duckdbTypeName(field.type)}`).join(', ')})`;
    default:
      return 'UNKNOWN';
  }
}

/** Column names and DuckDB type names as Arrow describes a result. */
export function arrowColumns(batch: RecordBatch): { name: string; type: string }[] {
  return batch.schema.fields.map((field) => ({ name: field.name, type: duckdbTypeName(field.type) }));
}
