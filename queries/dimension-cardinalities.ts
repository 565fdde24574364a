import { type Kysely, sql } from "kysely";
import type { Db } from "./database.js";
import { DIMENSION_SPECS, DIMENSIONS, type Dimension } from "./dimensions.js";

/**
 * How many values each grouping dimension can show in the served warehouse: a closed
 * dimension its whole list (the grid an aggregate fills with zeros), an open one the
 * distinct values units have (plus one row for units without a value). With the most
 * units of a year, this prices a grouped answer before it runs (schema/common/complexity.ts).
 */
export type DimensionCardinalities = Readonly<Record<Dimension, number>> & {
  /** The most unit rows of one year: an open grouping has at most this many groups. */
  readonly unitsPerYear: number;
};

/** The cardinalities, in one statement (one per warehouse version: callers cache it). */
export async function dimensionCardinalities(db: Db): Promise<DimensionCardinalities> {
  const anyDb = db as unknown as Kysely<any>;
  const row = await anyDb
    .selectNoFrom((eb) => [
      ...DIMENSIONS.map((dimension) => {
        const spec = DIMENSION_SPECS[dimension];
        if (spec.closed && spec.values) return eb.selectFrom(spec.values(db, 0).as("v")).select(eb.fn.countAll().as("n")).as(dimension);
        return eb
          .selectFrom("mart_unit_year as u")
          .select(sql<number>`count(distinct ${spec.key(eb as never)}) + 1`.as("n"))
          .as(dimension);
      }),
      eb
        .selectFrom(
          anyDb
            .selectFrom("mart_unit_year")
            .groupBy("year")
            .select((e) => e.fn.countAll().as("c"))
            .as("per_year"),
        )
        .select((e) => e.fn.coalesce(e.fn.max("c"), e.lit(0)).as("n"))
        .as("unitsPerYear"),
    ])
    .executeTakeFirstOrThrow();
  const count = (value: unknown) => Math.max(1, Number(value ?? 0));
  return Object.freeze({
    ...(Object.fromEntries(DIMENSIONS.map((d) => [d, count(row[d])])) as Record<Dimension, number>),
    unitsPerYear: Number(row.unitsPerYear ?? 0),
  });
}
