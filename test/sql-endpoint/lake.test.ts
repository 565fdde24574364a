/**
 * `npm run etl -- publish --parquet DIR`: every exposed relation as Hive-partitioned
 * Parquet with a manifest; read back with DuckDB's hive_partitioning, the counts and sums
 * equal the warehouse's.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { LakeManifest } from "../../etl/lake/write-lake.js";
import { exposedRelations, relationSql } from "../../queries/relations/relations.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { buildSampleFile } from "./sql-fixture.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let temp: { dir: string; remove: () => void };
let warehousePath: string;
let lake: string;
let output: { code: number | null; stdout: string; stderr: string };

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "etl/cli.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, AUDIT_LOG: join(temp.dir, "audit.jsonl") },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  temp = makeTempDir("uap-lake-");
  warehousePath = await buildSampleFile(temp.dir, 300, 13);
  lake = join(temp.dir, "lake");
  output = await run(["publish", "--db", warehousePath, "--parquet", lake]);
});
afterAll(() => temp?.remove());

describe("publish --parquet", () => {
  test("writes every exposed relation, partitioned by year or month, with a manifest", () => {
    expect(output.stderr).toBe("");
    expect(output.code).toBe(0);
    expect(output.stdout).toMatch(/LAKE version 1 → /);
    const manifest = JSON.parse(readFileSync(join(lake, "manifest.json"), "utf8")) as LakeManifest;
    expect(manifest.warehouseVersion).toBe(1);
    expect(manifest.skipped).toEqual([]);
    expect(manifest.relations.map((r) => r.name)).toEqual(exposedRelations().map((r) => r.name));
    for (const relation of manifest.relations) {
      const spec = exposedRelations().find((r) => r.name === relation.name)!;
      expect(relation.columns.map((c) => c.name)).toEqual(spec.columns.map((c) => c.name));
      expect(relation.rows).toBeGreaterThan(0);
      const folders = readdirSync(join(lake, relation.path));
      expect(folders.length).toBe(relation.partitions);
      const pattern = spec.partition === "year" ? /^year=\d{4}$/ : /^month=\d{4}-\d{2}-01$/;
      for (const folder of folders) expect(folder).toMatch(pattern);
    }
    expect(manifest.relations.find((r) => r.name === "unit_year")!.columns.find((c) => c.name === "fee_due")!.type).toBe("BIGINT");
  });

  test("read back with hive_partitioning: row counts and sums equal the warehouse's", async () => {
    const manifest = JSON.parse(readFileSync(join(lake, "manifest.json"), "utf8")) as LakeManifest;
    const instance = await DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    try {
      await c.run(`attach '${warehousePath}' as w (read_only)`);
      await c.run("use w");
      for (const relation of manifest.relations) {
        const spec = exposedRelations().find((r) => r.name === relation.name)!;
        const numeric = relation.columns.filter((col) => /INT|DECIMAL|DOUBLE/.test(col.type) && col.name !== relation.partitionBy).map((col) => col.name);
        const measures = [`count(*)::bigint`, `count(distinct ${relation.partitionBy})::bigint`, ...numeric.map((n) => `coalesce(sum(${n}), 0)::hugeint`)].join(
          ", ",
        );
        const files = join(lake, relation.path, "**", "*.parquet");
        const fromLake = (await c.runAndReadAll(`select ${measures} from read_parquet('${files}', hive_partitioning = true)`)).getRows()[0].map(String);
        const fromWarehouse = (await c.runAndReadAll(`select ${measures} from (${relationSql(spec, { kind: "PROVINCE" })})`)).getRows()[0].map(String);
        expect(fromLake, relation.name).toEqual(fromWarehouse);
        expect(Number(fromLake[0]), relation.name).toBe(relation.rows);
      }
      // A year read from its partition only equals that year in the warehouse.
      const year = (
        await c.runAndReadAll(
          `select count(*)::bigint from read_parquet('${join(lake, "unit_year", "**", "*.parquet")}', hive_partitioning = true) where year = 2024`,
        )
      ).getRows()[0][0];
      const truth = (await c.runAndReadAll("select count(*)::bigint from main.mart_unit_year where year = 2024")).getRows()[0][0];
      expect(year).toBe(truth);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  test("a second publish replaces the lake whole, with the new version", async () => {
    const again = await run(["publish", "--db", warehousePath, "--parquet", lake]);
    expect(again.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(lake, "manifest.json"), "utf8")) as LakeManifest;
    expect(manifest.warehouseVersion).toBe(2);
    expect(readdirSync(temp.dir).filter((n) => n.includes(".writing-"))).toEqual([]);
    expect(existsSync(join(lake, "unit_year"))).toBe(true);
  });
});
