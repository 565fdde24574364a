import { type Kysely, type QueryCreator, sql } from "kysely";
import type { Db } from "./database.js";
import { DIMENSION_SPECS, type Dimension } from "./dimensions.js";
import { type EnterpriseFilter, compileEnterpriseFilter } from "./filters.js";
import { inScope } from "./scope.js";
import { badUserInput } from "./user-errors.js";

export interface CoverageQuery {
  readonly year: number;
  readonly groupBy: readonly Dimension[];
  readonly filter?: EnterpriseFilter | null;
  readonly minWorkers: number;
}

/** One row of the coverage table as the database returns it (`k<i>`/`n<i>`: code and name of groupBy[i]). */
export interface CoverageSqlRow {
  is_total: boolean;
  [keyOrName: `k${number}` | `n${number}`]: string | null;
  units: number;
  unionised_units: number;
  workers: number;
  unionised_workers: number;
  members: number;
  unionised_members: number;
  agreement_units: number;
  coverage_rate: number | null;
  density: number | null;
  density_all_in_scope: number | null;
  agreement_rate: number | null;
}

export interface DimensionKey {
  readonly dimension: Dimension;
  readonly code: string | null;
  readonly name: string | null;
}

/** Coverage measures of one group of in-scope units (docs/DOMAIN.md § Measures). */
export interface CoverageMeasures {
  readonly units: number;
  readonly unionisedUnits: number;
  readonly coverageRate: number | null;
  readonly workers: number;
  readonly unionisedWorkers: number;
  readonly members: number;
  readonly unionisedMembers: number;
  readonly density: number | null;
  readonly densityAllInScope: number | null;
  readonly agreementUnits: number;
  readonly agreementRate: number | null;
}

export interface CoverageGroup extends CoverageMeasures {
  readonly keys: readonly DimensionKey[];
}

export interface CoverageResult {
  readonly rows: readonly CoverageGroup[];
  readonly total: CoverageMeasures;
}

/**
 * Coverage of the in-scope units (active, workers ≥ minWorkers) of one year, grouped
 * by `groupBy`, in ONE statement: `GROUP BY GROUPING SETS ((keys), ())` gives the
 * groups and the total, so the total is the database's, not a sum of rows.
 *
 * When every grouped dimension has a closed list (districts, sectors, bands...), the
 * rows are the full grid of its values, with zero measures where no unit falls; with
 * an open dimension (industrial zone, upper union, province) only the values units
 * have appear. Units whose value is unknown form a row with a NULL code.
 */
export async function coverage(db: Db, query: CoverageQuery): Promise<CoverageResult> {
  const groupBy = [...new Set(query.groupBy)];
  if (groupBy.length !== query.groupBy.length) throw badUserInput("groupBy names a dimension twice", { argument: "groupBy" });
  const specs = groupBy.map((d) => DIMENSION_SPECS[d]);
  const keys = specs.map((_, i) => `k${i}`);
  const grid = specs.length > 0 && specs.every((s) => s.closed);
  const anyDb = db as unknown as Kysely<any>;

  let q: QueryCreator<any> = anyDb.with("scoped", () =>
    db
      .selectFrom("mart_unit_year as u")
      .where("u.year", "=", query.year)
      .where(inScope(query.minWorkers))
      .where(compileEnterpriseFilter(query.filter))
      .select((eb) => [...specs.map((s, i) => s.key(eb).as(keys[i])), "u.workers", "u.has_union", "u.members", "u.agreement_in_force"]),
  );
  q = q.with("agg", (qb: QueryCreator<any>) => {
    const base = qb.selectFrom("scoped").select((eb) => [
      ...(keys.length ? [sql<boolean>`grouping(${sql.ref(keys[0])}) = 1`.as("is_total"), ...keys] : [eb.lit(true).as("is_total")]),
      eb.fn.countAll().as("units"),
      eb.fn.countAll().filterWhere("has_union", "=", true).as("unionised_units"),
      eb.fn.sum("workers").as("workers"),
      eb.fn.sum("workers").filterWhere("has_union", "=", true).as("unionised_workers"),
      eb.fn.sum("members").as("members"),
      eb.fn.sum("members").filterWhere("has_union", "=", true).as("unionised_members"),
      eb.fn
        .countAll()
        .filterWhere((w: any) => w.and([w("has_union", "=", true), w("agreement_in_force", "=", true)]))
        .as("agreement_units"),
    ]);
    return keys.length ? base.groupBy(sql`grouping sets ((${sql.join(keys.map((k) => sql.ref(k)))}), ())`) : base;
  });
  specs.forEach((spec, i) => {
    if (spec.values) q = q.with(`v${i}`, () => spec.values!(db, query.year));
  });
  if (keys.length) {
    q = q.with("keyed", (qb: QueryCreator<any>) => {
      const observed = qb.selectFrom("agg").where("is_total", "=", false).select(keys);
      if (!grid) return observed;
      let cells = qb.selectFrom("v0");
      for (let i = 1; i < keys.length; i++) cells = cells.crossJoin(`v${i}`);
      return observed.union(cells.select(keys.map((k, i) => `v${i}.code as ${k}`)));
    });
  }

  // Counts as integers (0 for an empty group), rates as fractions (NULL when the denominator is 0).
  const measures = (eb: any) => [
    ...COUNTS.map((count) => eb.cast(eb.fn.coalesce(`agg.${count}`, eb.lit(0)), "integer").as(count)),
    ratio(eb, "agg.unionised_units", "agg.units").as("coverage_rate"),
    ratio(eb, "agg.unionised_members", "agg.unionised_workers").as("density"),
    ratio(eb, "agg.members", "agg.workers").as("density_all_in_scope"),
    ratio(eb, "agg.agreement_units", "agg.unionised_units").as("agreement_rate"),
  ];

  // The total row: every key NULL. In a union it is written without the WITH clause,
  // which the statement as a whole carries.
  const totalFrom = (qb: any) =>
    qb.selectFrom("agg").where("is_total", "=", true).select((eb: any) => [
      eb.lit(true).as("is_total"),
      ...keys.flatMap((k, i) => [nullText(eb).as(k), nullText(eb).as(`n${i}`), eb.cast(eb.lit(null), "integer").as(`o${i}`)]),
      ...measures(eb),
    ]);
  let statement = totalFrom(q);
  if (keys.length) {
    let groups = q.selectFrom("keyed").leftJoin("agg", (join) =>
      keys.reduce((j, k) => j.onRef(`agg.${k}`, "is not distinct from", `keyed.${k}`), join.on("agg.is_total", "=", false)),
    );
    specs.forEach((spec, i) => {
      if (spec.values) groups = groups.leftJoin(`v${i} as d${i}`, `d${i}.code`, `keyed.${keys[i]}`);
    });
    statement = groups
      .select((eb) => [
        eb.lit(false).as("is_total"),
        ...specs.flatMap((spec, i) => [
          eb.ref(`keyed.${keys[i]}`).as(keys[i]),
          (spec.values ? eb.ref(`d${i}.name`) : spec.names === "code" ? eb.ref(`keyed.${keys[i]}`) : nullText(eb)).as(`n${i}`),
          (spec.values ? eb.ref(`d${i}.ord`) : eb.cast(eb.lit(null), "integer")).as(`o${i}`),
        ]),
        ...measures(eb),
      ])
      .unionAll(totalFrom(anyDb))
      .orderBy("is_total");
    keys.forEach((k, i) => {
      statement = statement.orderBy(`o${i}`, (ob: any) => ob.asc().nullsLast()).orderBy(k, (ob: any) => ob.asc().nullsLast());
    });
  }
  const rows = (await statement.execute()) as unknown as CoverageSqlRow[];
  return coverageRowsToResult(groupBy, rows);
}

const COUNTS = ["units", "unionised_units", "workers", "unionised_workers", "members", "unionised_members", "agreement_units"] as const;

const nullText = (eb: any) => eb.cast(eb.lit(null), "varchar");

/** numerator ÷ denominator as a fraction; NULL when the denominator is 0 (a rate of nothing). */
function ratio(eb: any, numerator: string, denominator: string) {
  return eb(eb.cast(eb.fn.coalesce(numerator, eb.lit(0)), "double precision"), "/", eb.fn("nullif", [eb.ref(denominator), eb.lit(0)]));
}

function coverageRowsToResult(groupBy: readonly Dimension[], rows: readonly CoverageSqlRow[]): CoverageResult {
  const totalRow = rows.find((r) => r.is_total);
  if (!totalRow) throw new Error("coverage: the database returned no total row");
  return {
    rows: rows.filter((r) => !r.is_total).map((r) => ({ ...measuresOf(r), keys: groupBy.map((dimension, i) => ({ dimension, code: r[`k${i}`], name: r[`n${i}`] })) })),
    total: measuresOf(totalRow),
  };
}

function measuresOf(r: CoverageSqlRow): CoverageMeasures {
  return {
    units: r.units,
    unionisedUnits: r.unionised_units,
    coverageRate: r.coverage_rate,
    workers: r.workers,
    unionisedWorkers: r.unionised_workers,
    members: r.members,
    unionisedMembers: r.unionised_members,
    density: r.density,
    densityAllInScope: r.density_all_in_scope,
    agreementUnits: r.agreement_units,
    agreementRate: r.agreement_rate,
  };
}
