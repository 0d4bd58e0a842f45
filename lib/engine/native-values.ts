import {
  DuckDBArrayType,
  DuckDBArrayValue,
  DuckDBBitValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBIntervalValue,
  DuckDBListType,
  DuckDBListValue,
  DuckDBMapType,
  DuckDBMapValue,
  DuckDBStructType,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeTZValue,
  DuckDBTimeValue,
  DuckDBUnionType,
  DuckDBUnionValue,
  DuckDBUUIDValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { renderBits, renderBlob, renderDate, renderDecimal, renderInterval, renderTime, renderTimestamp, renderTimeWithZone } from './render';
import { exact, map, struct, type Raw } from './values';

function elementType(type: DuckDBType | undefined): DuckDBType | undefined {
  return type instanceof DuckDBListType || type instanceof DuckDBArrayType ? type.valueType : undefined;
}

function temporalRaw(value: DuckDBValue): Raw | undefined {
  if (value instanceof DuckDBDateValue) return renderDate(value.days);
  if (value instanceof DuckDBTimeValue) return renderTime(value.micros);
  if (value instanceof DuckDBTimeTZValue) return renderTimeWithZone(value.micros, value.offset);
  if (value instanceof DuckDBTimestampTZValue) return renderTimestamp(value.micros, 'us', true);
  if (value instanceof DuckDBTimestampValue) return renderTimestamp(value.micros, 'us');
  if (value instanceof DuckDBTimestampSecondsValue) return renderTimestamp(value.seconds, 's');
  if (value instanceof DuckDBTimestampMillisecondsValue) return renderTimestamp(value.millis, 'ms');
  if (value instanceof DuckDBTimestampNanosecondsValue) return renderTimestamp(value.nanos, 'ns');
  if (value instanceof DuckDBIntervalValue) return renderInterval(value.months, value.days, value.micros);
  return undefined;
}

/** One node-api value as a `Raw`. The column type orders struct fields: node-api hands a struct over
 * as a plain object, whose integer-like keys JavaScript would move to the front. */
export function nativeRaw(value: DuckDBValue, type?: DuckDBType): Raw {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return exact(value);
  if (value instanceof DuckDBDecimalValue) return exact(renderDecimal(value.value, value.scale));
  if (value instanceof DuckDBBlobValue) return renderBlob(value.bytes);
  if (value instanceof DuckDBBitValue) return renderBits(value.data);
  if (value instanceof DuckDBUUIDValue) return value.toString();
  const temporal = temporalRaw(value);
  if (temporal !== undefined) return temporal;
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) {
    return value.items.map((item) => nativeRaw(item, elementType(type)));
  }
  if (value instanceof DuckDBStructValue) {
    const names = type instanceof DuckDBStructType ? type.entryNames : Object.keys(value.entries);
    const types = type instanceof DuckDBStructType ? type.entryTypes : [];
    return struct(names.map((name, i) => [name, nativeRaw(value.entries[name] ?? null, types[i])] as const));
  }
  if (value instanceof DuckDBMapValue) {
    const [keyType, valueType] = type instanceof DuckDBMapType ? [type.keyType, type.valueType] : [];
    return map(value.entries.map((entry) => [nativeRaw(entry.key, keyType), nativeRaw(entry.value, valueType)] as const));
  }
  if (value instanceof DuckDBUnionValue) {
    return nativeRaw(value.value, type instanceof DuckDBUnionType ? type.memberTypeForTag(value.tag) : undefined);
  }
  return String(value);
}
