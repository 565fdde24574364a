/**
 * The SQL endpoint with real clients (node-postgres and psql) over a published sample
 * warehouse: the same figures as the GraphQL API, scopes applied inside the relations,
 * the extended protocol, psql's \d, refused keys, the time limit.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { psql, psqlAvailable, type SqlFixture, startSqlFixture } from "./sql-fixture.js";

const YEAR = 2024;
const COUNTS = `select count(*) filter (where active and workers >= 20) as in_scope,
  count(*) filter (where active and workers >= 20 and has_union) as unionised
  from unit_year where year = ${YEAR}`;
const COVERAGE = `{ coverage(year: ${YEAR}) { total { units unionisedUnits } } }`;

let f: SqlFixture;
let analyst: string;

beforeAll(async () => {
  f = await startSqlFixture({ units: 500, seed: 7, timeoutMs: 1500 });
  analyst = f.key("ANALYST");
});
afterAll(async () => {
  await f?.close();
});

async function districtsOf(token: string): Promise<string[]> {
  const answer = await f.graphql(token, `{ coverage(year: ${YEAR}, groupBy: [DISTRICT]) { rows { keys { code } isTotal units } } }`);
  expect(answer.errors).toBeUndefined();
  return answer.data.coverage.rows.filter((r: any) => !r.isTotal && r.units > 0).map((r: any) => r.keys[0].code as string);
}

describe("figures", () => {
  test("in-scope and unionised unit counts of a year equal coverage's total through GraphQL", async () => {
    const client = await f.client(analyst);
    const { rows } = await client.query(COUNTS);
    const coverage = (await f.graphql(analyst, COVERAGE)).data.coverage.total;
    expect(coverage.units).toBeGreaterThan(0);
    expect(Number(rows[0].in_scope)).toBe(coverage.units);
    expect(Number(rows[0].unionised)).toBe(coverage.unionisedUnits);
  });

  test("a district key sees only its district in every relation, and its counts equal coverage for that key", async () => {
    const [district, other] = await districtsOf(analyst);
    expect(other).toBeDefined();
    const token = f.key("ANALYST", { kind: "DISTRICTS", codes: [district] });
    const client = await f.client(token);
    for (const relation of ["unit_year", "unit_month_finance", "union_year"]) {
      const { rows } = await client.query(`select district_code, count(*)::integer as n from ${relation} group by 1 order by 1`);
      expect(
        rows.map((r) => r.district_code),
        relation,
      ).toEqual([district]);
      expect(rows[0].n, relation).toBeGreaterThan(0);
    }
    // No WHERE widens it: the scope is inside the relation.
    const widened = await client.query(`select count(*)::integer as n from unit_year where district_code = '${other}' or true or district_code is null`);
    const own = await client.query(`select count(*)::integer as n from unit_year`);
    expect(widened.rows[0].n).toBe(own.rows[0].n);
    expect((await client.query(`select count(*)::integer as n from unit_year where district_code = '${other}'`)).rows[0].n).toBe(0);
    const { rows } = await client.query(COUNTS);
    const coverage = (await f.graphql(token, COVERAGE)).data.coverage.total;
    expect([Number(rows[0].in_scope), Number(rows[0].unionised)]).toEqual([coverage.units, coverage.unionisedUnits]);
  });

  test("branches are shown in their official form (3200123456-001) in every relation, and join on it", async () => {
    const client = await f.client(analyst);
    const truth = readFileSync(`${f.dir}/sample/_truth/units.csv`, "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.split(",")[0])
      .filter((code) => /^\d{13}$/.test(code));
    expect(truth.length).toBeGreaterThan(10);
    const shown = new Set(truth.map((code) => `${code.slice(0, 10)}-${code.slice(10)}`));
    const { rows } = await client.query("select distinct tax_code from unit_year where length(tax_code) > 10 order by 1");
    expect(rows.length).toBeGreaterThan(10);
    for (const { tax_code } of rows) expect(shown.has(tax_code), tax_code).toBe(true);
    const joined = await client.query(`select count(*)::integer as n from unit_year u join unit_month_finance f on f.tax_code = u.tax_code and f.year = u.year
      where u.tax_code like '%-___'`);
    expect(joined.rows[0].n).toBeGreaterThan(0);
    const unions = await client.query("select count(*)::integer as n from union_year where regexp_full_match(tax_code, '[0-9]{13}')");
    expect(unions.rows[0].n).toBe(0);
    const one = rows[0].tax_code as string;
    const answer = await f.graphql(analyst, `{ enterprise(taxCode: "${one.replace("-", "")}") { taxCode } }`);
    expect(answer.data.enterprise.taxCode).toBe(one);
  });

  test("unit_year has exactly the issue's columns, in order", async () => {
    const client = await f.client(analyst);
    const { fields } = await client.query("select * from unit_year limit 1");
    expect(fields.map((c) => c.name)).toEqual(
      // issue 19 added the union fee's timing, SI arrears and the state-budget flag after the first columns
      "tax_code, year, name, district_code, commune_code, new_commune_code, sector, ownership, legal_form, size_band, active, workers, workers_source, has_union, members, new_members, left_members, agreement_in_force, fee_due, fee_paid, arrears, fee_paid_on_time, fee_paid_late, paid_late, si_arrears, state_budget_funded".split(
        ", ",
      ),
    );
  });
});

describe("protocol", () => {
  test("extended protocol: parameters, a named prepared statement run twice, types as PostgreSQL's", async () => {
    const client = await f.client(analyst);
    const text =
      "select count(*)::integer as n, sum(fee_due) as due, bool_or(active) as any_active, min(year) as y from unit_year where year = $1 and workers >= $2";
    const first = await client.query({ name: "by-year", text, values: [YEAR, 20] });
    const second = await client.query({ name: "by-year", text, values: [YEAR - 1, 20] });
    const direct = await client.query(`select count(*)::integer as n from unit_year where year = ${YEAR} and workers >= 20`);
    expect(first.rows[0].n).toBe(direct.rows[0].n);
    expect(first.rows[0].y).toBe(YEAR); // int4, parsed by pg
    expect(typeof first.rows[0].any_active).toBe("boolean");
    expect(second.rows[0].y).toBe(YEAR - 1);
    expect(first.fields.map((c) => c.dataTypeID)).toEqual([23, 1700, 16, 23]);
    const unnamed = await client.query("select tax_code from unit_year where tax_code = $1 and year = $2", [await someTaxCode(client), YEAR]);
    expect(unnamed.rowCount).toBe(1);
    const nulls = await client.query("select count(*)::integer as n from unit_year where $1::varchar is null", [null]);
    expect(nulls.rows[0].n).toBeGreaterThan(0);
  });

  test("session statements clients send are answered without running anything", async () => {
    const client = await f.client(analyst);
    for (const statement of [
      "SET extra_float_digits = 3",
      "SET application_name = 'Metabase'",
      "BEGIN",
      "COMMIT",
      "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
      "DISCARD ALL",
    ]) {
      await expect(client.query(statement), statement).resolves.toBeDefined();
    }
    expect((await client.query("SHOW TRANSACTION ISOLATION LEVEL")).rows).toEqual([{ transaction_isolation: "read committed" }]);
    expect((await client.query("select version()")).rows[0].version).toMatch(/^PostgreSQL 15/);
  });

  test("an error leaves the session usable", async () => {
    const client = await f.client(analyst);
    await expect(client.query("select nonsense from unit_year")).rejects.toThrow(/nonsense/);
    await expect(client.query({ text: "select * from nowhere where x = $1", values: [1] })).rejects.toThrow(/does not exist here/);
    expect((await client.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
  });
});

describe("catalog queries of BI drivers", () => {
  test("JDBC's getTables and getColumns (Metabase) and information_schema (Npgsql) list the relations with their types and comments", async () => {
    const client = await f.client(analyst);
    const [tables, columns] = readFileSync(new URL("./fixtures/jdbc-catalog.sql", import.meta.url), "utf8")
      .split(/;\s*\n/)
      .filter((q) => q.trim());
    const listed = await client.query(tables);
    expect(listed.rows.map((r) => [r.TABLE_SCHEM, r.TABLE_NAME, r.TABLE_TYPE])).toEqual(
      ["finance_month_rollup", "union_year", "unit_month_finance", "unit_year", "unit_year_rollup"].map((n) => ["public", n, "VIEW"]),
    );
    expect(listed.rows.find((r) => r.TABLE_NAME === "unit_year").REMARKS).toMatch(/One row per employer unit/);
    const described = await client.query(columns);
    expect(described.rows.slice(0, 3).map((r) => [r.attname, Number(r.atttypid), r.description])).toEqual([
      ["tax_code", 25, "Tax code (MST) of the unit; branches are written 3200123456-001"],
      ["year", 23, "Calendar year of the row"],
      ["name", 25, "Unit name as registered"],
    ]);
    const info = await client.query(
      "select column_name, data_type, udt_name from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position",
      ["unit_year"],
    );
    expect(info.rows.find((r) => r.column_name === "fee_due")).toEqual({ column_name: "fee_due", data_type: "bigint", udt_name: "int8" });
    expect(info.rows.find((r) => r.column_name === "active")).toEqual({ column_name: "active", data_type: "boolean", udt_name: "bool" });
    expect(info.rowCount).toBe(26); // the 21 of the first issue, and issue 19's fee timing, SI arrears and state-budget columns
    expect(info.rows.find((r) => r.column_name === "paid_late")).toEqual({ column_name: "paid_late", data_type: "boolean", udt_name: "bool" });
  });
});

describe("keys", () => {
  test("DASHBOARD keys, wrong and revoked keys are refused with a clear message", async () => {
    await expect(f.client(f.key("DASHBOARD"))).rejects.toThrow(/DASHBOARD keys cannot connect to the SQL endpoint/);
    await expect(f.client("uap_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).rejects.toThrow(/not a valid API key/);
    await expect(f.client("")).rejects.toThrow();
    const token = f.key("ANALYST");
    const client = await f.client(token);
    expect((await client.query("select 1 as x")).rows).toEqual([{ x: 1 }]);
    f.app.security.keys.revoke(token.split("_")[1]);
    await expect(client.query("select 2 as x")).rejects.toThrow(/revoked/);
    expect(f.log.some((l) => /refused connection .*DASHBOARD key/.test(l))).toBe(true);
    expect(f.log.some((l) => /connected .*ANALYST, province/.test(l))).toBe(true);
  });
});

describe("limits", () => {
  test("the time limit interrupts a slow query, and the session goes on", async () => {
    const client = await f.client(analyst);
    const started = Date.now();
    const error = await client
      .query("select count(*) from unit_year a, unit_year b, unit_year c where a.workers + b.workers > c.workers")
      .catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe("57014");
    expect(String(error)).toMatch(/statement timeout/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await client.query("select 1 as x")).rows).toEqual([{ x: 1 }]);
  });
});

describe("psql", () => {
  const available = psqlAvailable();

  test.runIf(available)("\\d lists the relations, \\d unit_year its columns and types, and a query prints its table", async () => {
    const list = await psql(f.sqlPort, analyst, ["-c", "\\d"]);
    expect(list.stderr).toBe("");
    for (const name of ["unit_year", "unit_month_finance", "union_year"]) expect(list.stdout).toMatch(new RegExp(`public\\s+\\|\\s+${name}\\s+\\|\\s+view`));
    const described = await psql(f.sqlPort, analyst, ["-c", "\\d unit_year"]);
    expect(described.stderr).toBe("");
    expect(described.stdout).toMatch(/View "public\.unit_year"/);
    expect(described.stdout).toMatch(/tax_code\s+\|\s+text/);
    expect(described.stdout).toMatch(/year\s+\|\s+integer/);
    expect(described.stdout).toMatch(/has_union\s+\|\s+boolean/);
    expect(described.stdout).toMatch(/fee_due\s+\|\s+bigint/);
    const plus = await psql(f.sqlPort, analyst, ["-c", "\\d+ unit_month_finance"]);
    expect(plus.stdout).toMatch(/month\s+\|\s+date.*First day of the month/);
    const query = await psql(f.sqlPort, analyst, ["-At", "-c", `select count(*) from unit_year where year = ${YEAR}`]);
    expect(query.status).toBe(0);
    expect(Number(query.stdout.trim())).toBeGreaterThan(0);
  });

  test.runIf(available)("psql shows a refusal and a DASHBOARD key's refusal", async () => {
    const refused = await psql(f.sqlPort, analyst, ["-c", "drop view unit_year"]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/Refused: DROP changes the schema/);
    const dashboard = await psql(f.sqlPort, f.key("DASHBOARD"), ["-c", "select 1"]);
    expect(dashboard.status).not.toBe(0);
    expect(dashboard.stderr).toMatch(/DASHBOARD keys cannot connect/);
  });
});

async function someTaxCode(client: { query: (q: string) => Promise<{ rows: any[] }> }): Promise<string> {
  return (await client.query(`select min(tax_code) as t from unit_year where year = ${YEAR}`)).rows[0].t;
}
