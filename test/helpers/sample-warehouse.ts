import { join } from "node:path";
import { buildWarehouse } from "../../etl/build/build-warehouse.js";
import { ingestPaths } from "../../etl/ingest/ingest.js";
import { generateSample } from "../../etl/sample/generate-sample.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import type { Database } from "../../queries/database.js";
import { makeTempDir } from "./temp-dir.js";

/** A sample province generated, ingested and built in a temp folder, with its ground truth. */
export interface SampleWarehouse {
  readonly sampleDir: string;
  readonly warehouse: Warehouse<Database>;
  /** SQL statements sent through Kysely since the last reset (the API fixture's interface). */
  readonly statements: readonly string[];
  resetStatements(): void;
  /** Rows of a query; the truth CSVs are the temp tables `truth_units`, `truth_unit_year`, `truth_unit_year_fees`, `truth_rows` (text columns). */
  rows(sql: string): Promise<unknown[][]>;
  close(): Promise<void>;
}

export async function buildSampleWarehouse(options: { units: number; seed: number }): Promise<SampleWarehouse> {
  const tmp = makeTempDir("uap-sample-wh-");
  const sampleDir = join(tmp.dir, "sample");
  await generateSample({ outDir: sampleDir, units: options.units, seed: options.seed });
  const statements: string[] = [];
  const warehouse = await openWarehouse<Database>(join(tmp.dir, "w.duckdb"), { onQuery: (sql) => statements.push(sql) });
  const reports = await ingestPaths(warehouse.connection, [sampleDir]);
  const rejected = reports.filter((r) => r.status === "REJECTED");
  if (rejected.length) throw new Error(`sample files rejected: ${rejected.map((r) => r.message).join("; ")}`);
  await buildWarehouse(warehouse.connection);
  for (const name of ["units", "unit_year", "unit_year_fees", "rows"]) {
    await warehouse.connection.run(
      `create temp table truth_${name} as select * from read_csv('${join(sampleDir, "_truth", `${name}.csv`)}', header = true, all_varchar = true)`,
    );
  }
  statements.length = 0;
  return {
    sampleDir,
    warehouse,
    statements,
    resetStatements: () => {
      statements.length = 0;
    },
    rows: async (sql) => (await warehouse.connection.runAndReadAll(sql)).getRowsJS(),
    close: async () => {
      await warehouse.close();
      tmp.remove();
    },
  };
}
