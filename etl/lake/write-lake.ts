/**
 * The lake: every relation the SQL endpoint exposes (queries/relations/relations.ts),
 * written from a published warehouse version as Hive-partitioned Parquet (by year; by
 * month for monthly facts) with a manifest, so engines past one machine (Trino, Spark,
 * ClickHouse) serve the same data:
 *
 *   DIR/manifest.json
 *   DIR/unit_year/year=2024/data_0.parquet
 *   DIR/unit_month_finance/month=2024-01-01/data_0.parquet
 *
 * The lake is province-wide (no scope): whoever reads it sees every unit. It is written
 * into a folder beside DIR and swapped in at the end, so a reader never sees half a lake.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { exposedRelations, type RelationSpec, relationSql } from "../../queries/relations/relations.js";

export const LAKE_MANIFEST = "manifest.json";

export interface LakeRelation {
  readonly name: string;
  readonly comment: string;
  /** Folder of its files, relative to the lake. */
  readonly path: string;
  /** The Hive partition column. */
  readonly partitionBy: string;
  readonly rows: number;
  readonly partitions: number;
  readonly columns: readonly { readonly name: string; readonly type: string; readonly comment: string }[];
}

export interface LakeManifest {
  readonly format: "parquet";
  readonly layout: "hive";
  /** The published warehouse version it was written from (null: a warehouse file not published). */
  readonly warehouseVersion: number | null;
  readonly publishedAt: string | null;
  readonly writtenAt: string;
  readonly relations: readonly LakeRelation[];
  /** Relations the version lacks the tables of (built before they existed). */
  readonly skipped: readonly string[];
}

export interface WriteLakeOptions {
  /** The warehouse file to read (a published version). */
  readonly warehouseFile: string;
  readonly dir: string;
  readonly version?: number | null;
  readonly publishedAt?: string | null;
  readonly relations?: readonly RelationSpec[];
}

export async function writeLake(options: WriteLakeOptions): Promise<LakeManifest> {
  const target = resolve(options.dir);
  mkdirSync(dirname(target), { recursive: true });
  const building = join(dirname(target), `.${basename(target)}.writing-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const instance = await DuckDBInstance.create(options.warehouseFile, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
  try {
    const relations: LakeRelation[] = [];
    const skipped: string[] = [];
    for (const spec of options.relations ?? exposedRelations()) {
      const select = relationSql(spec, { kind: "PROVINCE" });
      let described: Awaited<ReturnType<typeof connection.runAndReadAll>>;
      try {
        described = await connection.runAndReadAll(`describe ${select}`);
      } catch (error) {
        if (/Catalog Error/.test((error as Error).message)) {
          skipped.push(spec.name);
          continue;
        }
        throw error;
      }
      const types = new Map(described.getRows().map((r) => [String(r[0]), String(r[1])]));
      const folder = join(building, spec.name);
      await connection.run(
        `copy (${select}) to ${quote(folder)} (format parquet, compression zstd, partition_by (${spec.partitionColumn}), write_partition_columns false)`,
      );
      const counted = await connection.runAndReadAll(`select count(*)::bigint, count(distinct ${spec.partitionColumn})::bigint from (${select})`);
      const [rows, partitions] = counted.getRows()[0].map(Number);
      relations.push({
        name: spec.name,
        comment: spec.comment,
        path: spec.name,
        partitionBy: spec.partitionColumn,
        rows,
        partitions,
        columns: spec.columns.map((c) => ({ name: c.name, type: types.get(c.name) ?? "VARCHAR", comment: c.comment })),
      });
    }
    const manifest: LakeManifest = {
      format: "parquet",
      layout: "hive",
      warehouseVersion: options.version ?? null,
      publishedAt: options.publishedAt ?? null,
      writtenAt: new Date().toISOString(),
      relations,
      skipped,
    };
    writeFileSync(join(building, LAKE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const old = `${building}.old`;
    if (existsSync(target)) renameSync(target, old);
    renameSync(building, target);
    rmSync(old, { recursive: true, force: true });
    return manifest;
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
