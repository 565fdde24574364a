import { type Kysely, type QueryCreator, sql } from "kysely";
import type { DimensionKey } from "./coverage.js";
import type { Db } from "./database.js";
import type { Dimension } from "./dimensions.js";
import { compileEnterpriseFilter, type EnterpriseFilter } from "./filters.js";
import { measureAggregate } from "./semantic/analytics-sql.js";
import { groupedAggregates, keyColumns, ROW_KIND, rowKeys, runSeries, type SeriesSqlRow, seriesGroupBy, zeroIfEmpty } from "./series.js";
import { compareToTarget, targetsOfMetric } from "./targets.js";
import { badUserInput } from "./user-errors.js";

/** Longest range a series may span, in years. */
export const MAX_YEARS = 50;

export interface MembershipGrowthQuery {
  readonly fromYear: number;
  readonly toYear: number;
  readonly groupBy: readonly Dimension[];
  readonly filter?: EnterpriseFilter | null;
}

/** The membership measures (docs/DOMAIN.md § Members) of one group in one year. */
export interface MembershipMeasures {
  /** Σ `so_doan_vien` of the year's returns. */
  readonly members: number;
  /** Σ `ket_nap_moi`. */
  readonly newMembers: number;
  /** Σ `giam`. */
  readonly left: number;
  /** newMembers − left. */
  readonly netGrowth: number;
  /** Returns (grassroots unions reporting the year). */
  readonly unionsReporting: number;
}

export interface MembershipGroupYear extends MembershipMeasures {
  readonly year: number;
  readonly keys: readonly DimensionKey[];
}

export interface MembershipYearTotal extends MembershipMeasures {
  readonly year: number;
  /** The provincial new-members target of the year (ref.targets); null when none applies, or when a filter narrows the units. */
  readonly target: number | null;
  readonly targetId: string | null;
  readonly targetMet: boolean | null;
}

export interface MembershipGrowthResult {
  readonly rows: readonly MembershipGroupYear[];
  readonly totals: readonly MembershipYearTotal[];
}

const COUNTS = ["members", "new_members", "left_members", "net_growth", "unions_reporting"] as const;

/** The catalog's measure behind each column. */
const CATALOG_MEASURES: Readonly<Record<(typeof COUNTS)[number], string>> = Object.freeze({
  members: "members",
  new_members: "newMembers",
  left_members: "leftMembers",
  net_growth: "netGrowth",
  unions_reporting: "unionsReporting",
});

/**
 * Members, new members, left and net growth per year of [fromYear, toYear] and group, in
 * ONE statement (GROUPING SETS: the yearly totals are the database's). The figures are
 * sums over the membership returns of the year (docs/DOMAIN.md § Members), each return counted with
 * the unit its union is linked to (dimension values and filter of that unit in that
 * year). Returns of unions linked to no unit count in the totals and, grouped, under
 * null codes; a filter condition on a unit attribute never matches them (its NOT does,
 * as for any unit without the value). Every year of
 * the range appears, with zeros when it has no returns.
 */
export async function membershipGrowth(db: Db, query: MembershipGrowthQuery): Promise<MembershipGrowthResult> {
  const { fromYear, toYear } = checkYears(query.fromYear, query.toYear);
  const group = seriesGroupBy(query.groupBy);
  const anyDb = db as unknown as Kysely<any>;

  let q: QueryCreator<any> = anyDb.with("periods", (qc) =>
    qc
      .selectFrom(sql<{ p: number }>`(select unnest(range(${fromYear}::integer, ${toYear + 1}::integer))::integer as p)`.as("y"))
      .select((eb) => [
        "y.p",
        sql<Date>`make_date(${eb.ref("y.p")}, 1, 1)`.as("p_start"),
        sql<Date>`make_date(${eb.ref("y.p")}, 12, 31)`.as("p_end"),
        eb.ref("y.p").as("p_ord"),
      ]),
  );
  q = q.with("scoped", () =>
    db
      .selectFrom("fct_membership_yearly as m")
      .leftJoin("mart_unit_year as u", (join) => join.onRef("u.tax_code", "=", "m.tax_code").onRef("u.year", "=", "m.year"))
      .where("m.year", ">=", fromYear)
      .where("m.year", "<=", toYear)
      .where(compileEnterpriseFilter(query.filter) as never)
      .select((eb) => [eb.ref("m.year").as("p"), ...keyColumns(eb, group), "m.members", "m.new_members", "m.left_members", "m.net_growth"]),
  );
  // Each sum is the catalog's measure (queries/semantic/measures.catalog.ts) over the returns, aliased `m` as there.
  q = q.with("agg", (qc: QueryCreator<any>) =>
    groupedAggregates(qc, "scoped as m", group, (eb) =>
      Object.entries(CATALOG_MEASURES).map(([column, measure]) => measureAggregate(eb, measure, { minWorkers: 20 }).as(column)),
    ),
  );

  const rows = await runSeries({
    db,
    q,
    group,
    year: toYear,
    measures: (eb, from) => COUNTS.map((c) => zeroIfEmpty(eb, from, c, "integer")),
    rangeTotal: false,
  });
  const narrowed = query.filter != null;
  const targets = narrowed ? [] : await targetsOfMetric(db, "new_members");
  return {
    rows: rows.filter((r) => r.row_kind === ROW_KIND.GROUP).map((r) => ({ year: Number(r.p), keys: rowKeys(group, r), ...measuresOf(r) })),
    totals: rows
      .filter((r) => r.row_kind === ROW_KIND.PERIOD_TOTAL)
      .map((r) => {
        const year = Number(r.p);
        const measures = measuresOf(r);
        const target = targets.find((t) => t.from_year <= year && year <= t.to_year) ?? null;
        return {
          year,
          ...measures,
          target: target?.value ?? null,
          targetId: target?.target_id ?? null,
          targetMet: target ? compareToTarget(measures.newMembers, target.comparison, target.value) : null,
        };
      }),
  };
}

function measuresOf(r: SeriesSqlRow): MembershipMeasures {
  return {
    members: r.members as number,
    newMembers: r.new_members as number,
    left: r.left_members as number,
    netGrowth: r.net_growth as number,
    unionsReporting: r.unions_reporting as number,
  };
}

/** A year range a caller asked for: whole years, from ≤ to, at most MAX_YEARS. */
export function checkYears(fromYear: number, toYear: number): { fromYear: number; toYear: number } {
  for (const [name, value] of [
    ["fromYear", fromYear],
    ["toYear", toYear],
  ] as const) {
    if (!Number.isInteger(value) || value < 1900 || value > 2200) throw badUserInput(`${name} must be a year, got ${value}`, { argument: name });
  }
  if (fromYear > toYear) throw badUserInput(`fromYear ${fromYear} is after toYear ${toYear}`, { argument: "fromYear" });
  if (toYear - fromYear + 1 > MAX_YEARS)
    throw badUserInput(`the range spans ${toYear - fromYear + 1} years, more than ${MAX_YEARS}`, { argument: "toYear", limit: MAX_YEARS });
  return { fromYear, toYear };
}
