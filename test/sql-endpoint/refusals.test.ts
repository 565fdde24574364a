/**
 * Every forbidden kind of statement is refused before it runs, with a clear error, and
 * changes nothing on disk: the files of the fixture's folder (warehouse, versions, keys,
 * the targets the statements name) have the same hashes after, and no file appears.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type SqlFixture, startSqlFixture } from "./sql-fixture.js";

let f: SqlFixture;
let client: pg.Client;

beforeAll(async () => {
  f = await startSqlFixture({ units: 300, seed: 11 });
  client = await f.client(f.key("ADMIN"));
});
afterAll(async () => {
  await f?.close();
});

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (!name.endsWith(".lease") && !name.endsWith(".wal")) files.set(path, createHash("sha256").update(readFileSync(path)).digest("hex"));
    }
  };
  visit(dir);
  return files;
}

/** The classes of forbidden statements, each with the SQLSTATE and the words the refusal must say. */
function forbidden(dir: string): { kind: string; sql: string; code: string; says: RegExp }[] {
  const target = (name: string) => `'${join(dir, name).replaceAll("'", "''")}'`;
  const keys = target("keys.json");
  const readers = ["read_csv", "read_csv_auto", "read_parquet", "read_json", "read_json_auto", "read_text", "read_blob", "glob", "parquet_scan", "sniff_csv"];
  return [
    ...readers.map((fn) => ({ kind: `table function ${fn}`, sql: `select * from ${fn}(${keys})`, code: "42501", says: new RegExp(`${fn}\\(\\)`) })),
    ...readers.slice(0, 3).map((fn) => ({
      kind: `${fn} in a subquery`,
      sql: `select count(*) from unit_year where tax_code in (select * from ${fn}(${keys}))`,
      code: "42501",
      says: new RegExp(`${fn}\\(\\)`),
    })),
    { kind: "read_csv in a CTE", sql: `with k as (select * from read_csv(${keys})) select * from k`, code: "42501", says: /read_csv\(\)/ },
    { kind: "query()", sql: "select * from query('select * from main.mart_unit_year')", code: "42501", says: /query\(\)/ },
    { kind: "duckdb_tables()", sql: "select * from duckdb_tables()", code: "42501", says: /duckdb_tables\(\)/ },
    { kind: "getenv", sql: "select getenv('HOME') as h", code: "42501", says: /getenv\(\)/ },
    { kind: "COPY TO", sql: `copy (select * from unit_year) to ${target("out.csv")}`, code: "42501", says: /COPY/ },
    { kind: "COPY FROM", sql: `copy unit_year from ${target("in.csv")}`, code: "42501", says: /COPY/ },
    { kind: "ATTACH", sql: `attach ${target("other.duckdb")} as other`, code: "42501", says: /ATTACH/ },
    { kind: "DETACH", sql: "detach warehouse", code: "42501", says: /DETACH/ },
    { kind: "INSTALL", sql: "install httpfs", code: "42501", says: /INSTALL/ },
    { kind: "LOAD", sql: "load httpfs", code: "42501", says: /LOAD/ },
    { kind: "SET", sql: "set enable_external_access = true", code: "42501", says: /SET changes a setting/ },
    { kind: "SET threads", sql: "SET threads TO 1", code: "42501", says: /SET changes a setting/ },
    { kind: "RESET", sql: "reset memory_limit", code: "42501", says: /RESET/ },
    { kind: "PRAGMA", sql: "pragma database_list", code: "42501", says: /PRAGMA/ },
    { kind: "CALL", sql: "call pragma_version()", code: "42501", says: /CALL/ },
    { kind: "CREATE TABLE", sql: "create table t as select * from unit_year", code: "42501", says: /CREATE changes the schema/ },
    { kind: "CREATE VIEW (leading comment)", sql: "/* hi */ -- x\n create view v as select 1", code: "42501", says: /CREATE changes the schema/ },
    { kind: "DROP", sql: "drop view unit_year", code: "42501", says: /DROP/ },
    { kind: "ALTER", sql: "alter view unit_year rename to u", code: "42501", says: /ALTER/ },
    { kind: "INSERT", sql: "insert into unit_year select * from unit_year", code: "42501", says: /INSERT changes data/ },
    { kind: "UPDATE", sql: "update unit_year set workers = 0", code: "42501", says: /UPDATE changes data/ },
    { kind: "DELETE", sql: "delete from unit_year", code: "42501", says: /DELETE changes data/ },
    { kind: "TRUNCATE", sql: "truncate unit_year", code: "42501", says: /TRUNCATE/ },
    { kind: "EXPORT DATABASE", sql: `export database ${target("exported")}`, code: "42501", says: /EXPORT/ },
    { kind: "CHECKPOINT", sql: "checkpoint", code: "42501", says: /CHECKPOINT/ },
    { kind: "a second statement, not a SELECT", sql: `select 1; copy (select 1) to ${target("x.csv")}`, code: "42501", says: /only SELECT/ },
    { kind: "two SELECTs at once", sql: "select 1; select 2", code: "42601", says: /2 statements were sent at once/ },
    { kind: "schema lineage", sql: "select * from lineage.batches", code: "42501", says: /lineage\.batches/ },
    { kind: "schema raw", sql: "select * from raw.tax_enterprises", code: "42501", says: /raw\.tax_enterprises/ },
    { kind: "schema quarantine", sql: "select * from quarantine.rejected_rows", code: "42501", says: /quarantine\.rejected_rows/ },
    { kind: "main table, qualified", sql: "select * from main.mart_unit_year", code: "42501", says: /main\.mart_unit_year/ },
    { kind: "main table, bare", sql: "select * from mart_unit_year", code: "42P01", says: /mart_unit_year.*does not exist here/ },
    { kind: "main table in a join", sql: "select count(*) from unit_year u join int_unions n on n.tax_code = u.tax_code", code: "42P01", says: /int_unions/ },
    {
      kind: "a CTE shadowing a warehouse table",
      sql: "with mart_unit_year as (select 1 as x) select * from mart_unit_year",
      code: "42501",
      says: /CTE name "mart_unit_year"/,
    },
    { kind: "catalog-qualified", sql: "select * from warehouse.main.mart_unit_year", code: "42501", says: /outside the exposed relations/ },
    { kind: "DESCRIBE", sql: "describe unit_year", code: "42501", says: /DESCRIBE/ },
    { kind: "read_csv through the catalog route", sql: `select * from pg_class, read_csv(${keys})`, code: "42501", says: /read_csv\(\)/ },
    { kind: "main through the catalog route", sql: "select * from pg_class, main.mart_unit_year", code: "42501", says: /main\.mart_unit_year/ },
  ];
}

describe("forbidden statements", () => {
  test("each kind is refused before execution with a clear error, and nothing on disk changes", async () => {
    const before = snapshot(f.dir);
    const cases = forbidden(f.dir);
    expect(cases.length).toBeGreaterThan(40);
    for (const c of cases) {
      const started = Date.now();
      const error = (await client.query(c.sql).then(
        () => null,
        (e: unknown) => e,
      )) as { code?: string; message?: string } | null;
      expect(error, c.kind).not.toBeNull();
      expect(error?.code, `${c.kind}: ${error?.message}`).toBe(c.code);
      expect(error?.message, c.kind).toMatch(c.says);
      expect(Date.now() - started, c.kind).toBeLessThan(1000);
    }
    // The session still works, and the refusals were logged, one line each.
    expect((await client.query("select count(*)::integer as n from unit_year")).rows[0].n).toBeGreaterThan(0);
    expect(f.log.filter((l) => l.includes("refused statement")).length).toBe(cases.length);
    expect(snapshot(f.dir)).toEqual(before);
  });

  test("the same statements through the extended protocol (Parse) are refused too", async () => {
    const before = snapshot(f.dir);
    for (const c of forbidden(f.dir).filter((x) => !x.sql.includes(";"))) {
      const error = (await client.query({ text: c.sql, values: [] }).then(
        () => null,
        (e: unknown) => e,
      )) as { code?: string } | null;
      expect(error?.code, c.kind).toBe(c.code);
    }
    expect(snapshot(f.dir)).toEqual(before);
  });

  test("even past the guard, the endpoint's DuckDB cannot read files: external access is off and the configuration locked", async () => {
    // The endpoint's own instance, asked directly (as a statement the guard missed would be).
    const { EndpointDatabase } = await import("../../server/sql-endpoint/endpoint-database.js");
    const { exposedRelations } = await import("../../queries/relations/relations.js");
    const lease = f.served.source.acquire();
    const db = await EndpointDatabase.open(lease, { relations: exposedRelations() });
    const connection = await db.instance.connect();
    try {
      await expect(connection.run(`select * from read_csv('${join(f.dir, "keys.json")}')`)).rejects.toThrow(/disabled by configuration/);
      await expect(connection.run(`copy (select 1) to '${join(f.dir, "leak.csv")}'`)).rejects.toThrow(/disabled by configuration|read-only/i);
      await expect(connection.run("set enable_external_access = true")).rejects.toThrow(/locked/);
    } finally {
      connection.closeSync();
      db.close();
      lease.release();
    }
  });
});
