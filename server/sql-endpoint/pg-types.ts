/**
 * DuckDB types and values as PostgreSQL clients expect them: the type OID and size of
 * each column, values in PostgreSQL's text format (and binary for the simple types
 * drivers ask for in binary), and parameters sent by clients bound to DuckDB.
 */
import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBListValue,
  type DuckDBPreparedStatement,
  DuckDBTimestampValue,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
} from "@duckdb/node-api";

export const OID = Object.freeze({
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  float4: 700,
  float8: 701,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  numeric: 1700,
  uuid: 2950,
});

/** PostgreSQL's name of each OID above (for format_type and the catalog). */
export const TYPE_NAMES: Readonly<Record<number, string>> = Object.freeze(Object.fromEntries(Object.entries(OID).map(([name, oid]) => [oid, name])));

export interface PgType {
  readonly oid: number;
  /** typlen: bytes of a fixed-size type, −1 for variable size. */
  readonly size: number;
}

const t = (oid: number, size: number): PgType => ({ oid, size });

/** The PostgreSQL type a DuckDB column is shown as; lists, structs and the rest are text. */
export function pgTypeOf(type: DuckDBType | DuckDBTypeId): PgType {
  const id = typeof type === "number" ? type : type.typeId;
  switch (id) {
    case DuckDBTypeId.BOOLEAN:
      return t(OID.bool, 1);
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return t(OID.int2, 2);
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return t(OID.int4, 4);
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
      return t(OID.int8, 8);
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.DECIMAL:
      return t(OID.numeric, -1);
    case DuckDBTypeId.FLOAT:
      return t(OID.float4, 4);
    case DuckDBTypeId.DOUBLE:
      return t(OID.float8, 8);
    case DuckDBTypeId.DATE:
      return t(OID.date, 4);
    case DuckDBTypeId.TIME:
      return t(OID.time, 8);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return t(OID.timestamp, 8);
    case DuckDBTypeId.TIMESTAMP_TZ:
      return t(OID.timestamptz, 8);
    case DuckDBTypeId.INTERVAL:
      return t(OID.interval, 16);
    case DuckDBTypeId.BLOB:
      return t(OID.bytea, -1);
    case DuckDBTypeId.UUID:
      return t(OID.uuid, 16);
    default:
      return t(OID.text, -1);
  }
}

/** The SQL type name of a DuckDB type as PostgreSQL writes it (information_schema, \d). */
export function pgTypeName(type: DuckDBType | DuckDBTypeId): string {
  const oid = pgTypeOf(type).oid;
  return (
    (
      {
        [OID.int2]: "smallint",
        [OID.int4]: "integer",
        [OID.int8]: "bigint",
        [OID.bool]: "boolean",
        [OID.float8]: "double precision",
        [OID.float4]: "real",
        [OID.timestamp]: "timestamp without time zone",
        [OID.timestamptz]: "timestamp with time zone",
        [OID.time]: "time without time zone",
      } as Record<number, string>
    )[oid] ?? TYPE_NAMES[oid]
  );
}

/** A value in PostgreSQL's text format; null for NULL. */
export function textOf(value: DuckDBValue): string | null {
  if (value === null) return null;
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  if (typeof value === "bigint" || typeof value === "string") return String(value);
  if (value instanceof DuckDBListValue) return `{${value.items.map(arrayItem).join(",")}}`;
  if (value instanceof DuckDBBlobValue) return `\\x${Buffer.from(value.bytes).toString("hex")}`;
  return String(value);
}

function arrayItem(value: DuckDBValue): string {
  const text = textOf(value);
  if (text === null) return "NULL";
  return /^[^\s{}",\\]+$/.test(text) && text.toUpperCase() !== "NULL" ? text : `"${text.replace(/["\\]/g, "\\$&")}"`;
}

const PG_EPOCH_DAYS = 10957; // 2000-01-01 in days since 1970-01-01
const PG_EPOCH_MICROS = BigInt(PG_EPOCH_DAYS) * 86_400_000_000n;

/** A value in PostgreSQL's binary format, for the types drivers read in binary; null when this type has no binary form here. */
export function binaryOf(value: DuckDBValue, oid: number): Buffer | null | undefined {
  if (value === null) return null;
  const b = (n: number) => Buffer.alloc(n);
  switch (oid) {
    case OID.bool: {
      return Buffer.from([value ? 1 : 0]);
    }
    case OID.int2: {
      const out = b(2);
      out.writeInt16BE(Number(value));
      return out;
    }
    case OID.int4: {
      const out = b(4);
      out.writeInt32BE(Number(value));
      return out;
    }
    case OID.int8: {
      const out = b(8);
      out.writeBigInt64BE(BigInt(value as bigint | number));
      return out;
    }
    case OID.float4: {
      const out = b(4);
      out.writeFloatBE(Number(value));
      return out;
    }
    case OID.float8: {
      const out = b(8);
      out.writeDoubleBE(Number(value));
      return out;
    }
    case OID.date: {
      if (!(value instanceof DuckDBDateValue)) return undefined;
      const out = b(4);
      out.writeInt32BE(value.days - PG_EPOCH_DAYS);
      return out;
    }
    case OID.timestamp: {
      if (!(value instanceof DuckDBTimestampValue)) return undefined;
      const out = b(8);
      out.writeBigInt64BE(value.micros - PG_EPOCH_MICROS);
      return out;
    }
    case OID.text:
    case OID.varchar:
      return Buffer.from(textOf(value) ?? "", "utf8");
    case OID.bytea:
      return value instanceof DuckDBBlobValue ? Buffer.from(value.bytes) : undefined;
    default:
      return undefined;
  }
}

/** A client's parameter value, as DuckDB should get it. */
export type ParameterValue = { readonly value: Buffer | null; readonly binary: boolean };

/**
 * Binds the parameters: text values as VARCHAR (DuckDB casts them to the parameter's
 * type), binary ones decoded by the type the client declared in Parse.
 */
export function bindParameters(prepared: DuckDBPreparedStatement, parameters: readonly ParameterValue[], declared: readonly number[]): void {
  if (parameters.length !== prepared.parameterCount) {
    throw new ParameterError(`the statement has ${prepared.parameterCount} parameter(s) but ${parameters.length} were given`);
  }
  for (const [i, p] of parameters.entries()) bindParameter(prepared, i + 1, p, declared[i] ?? 0);
}

// Each case returns the binding call (void), so one switch reads as the table of types.
function bindParameter(prepared: DuckDBPreparedStatement, index: number, p: ParameterValue, oid: number) {
  if (p.value === null) return prepared.bindNull(index);
  if (!p.binary) return prepared.bindVarchar(index, p.value.toString("utf8"));
  const v = p.value;
  switch (oid) {
    case OID.bool:
      return prepared.bindBoolean(index, v[0] !== 0);
    case OID.int2:
      return prepared.bindSmallInt(index, v.readInt16BE());
    case OID.int4:
      return prepared.bindInteger(index, v.readInt32BE());
    case OID.int8:
      return prepared.bindBigInt(index, v.readBigInt64BE());
    case OID.float4:
      return prepared.bindFloat(index, v.readFloatBE());
    case OID.float8:
      return prepared.bindDouble(index, v.readDoubleBE());
    case OID.date:
      return prepared.bindDate(index, new DuckDBDateValue(v.readInt32BE() + PG_EPOCH_DAYS));
    case OID.text:
    case OID.varchar:
    case 0:
      return prepared.bindVarchar(index, v.toString("utf8"));
    default:
      throw new ParameterError(`parameter $${index} is sent in binary as type ${oid}, which this server reads only as text`);
  }
}

export class ParameterError extends Error {
  override name = "ParameterError";
}

/** The PostgreSQL OID of each parameter DuckDB inferred (0: unknown, the client sends text). */
export function parameterOids(prepared: DuckDBPreparedStatement): number[] {
  const oids: number[] = [];
  for (let i = 1; i <= prepared.parameterCount; i++) {
    const id = prepared.parameterTypeId(i);
    oids.push(id === DuckDBTypeId.INVALID || id === DuckDBTypeId.ANY || id === DuckDBTypeId.SQLNULL ? OID.text : pgTypeOf(id).oid);
  }
  return oids;
}

/**
 * A result column's name as PostgreSQL would give it: DuckDB names an unaliased
 * expression by its text (`count_star()`, `"version"()`, `CAST(x AS INTEGER)`), PostgreSQL
 * by the function or column inside (`count`, `version`, `x`). Aliases are kept as written.
 */
export function pgColumnName(name: string): string {
  const cast = /^CAST\((.*) AS [A-Z][A-Z0-9_ ()[\],]*\)$/s.exec(name);
  if (cast) return pgColumnName(cast[1]);
  if (name === "count_star()") return "count";
  const call = /^(?:[a-z_][a-z0-9_]*\.)*"?([a-z_][a-z0-9_]*)"?\(.*\)$/is.exec(name);
  if (call) return call[1].toLowerCase();
  const column = /^(?:"?[a-z_][a-z0-9_]*"?\.)+"?([a-z_][a-z0-9_]*)"?$/i.exec(name);
  if (column) return column[1];
  return name;
}
