import { GraphQLBigInt, GraphQLLocalDate } from "graphql-scalars";

/** Dates as `yyyy-mm-dd` (no time zone). */
export const LocalDate = GraphQLLocalDate;
/** Money in VND, whole đồng: a JSON number while it is exact (|v| < 2^53), else a string of digits. */
export const BigIntScalar = GraphQLBigInt;

/** A DuckDB DATE (JS Date at UTC midnight) as a LocalDate value. */
export function localDate(value: Date): string;
export function localDate(value: Date | null): string | null;
export function localDate(value: Date | null): string | null {
  return value === null ? null : value.toISOString().slice(0, 10);
}
