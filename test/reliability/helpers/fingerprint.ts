/** What a warehouse holds, in a few numbers and a hash of the served mart: equal fingerprints, same warehouse. */
import { DuckDBInstance } from "@duckdb/node-api";
import { DATASET_IDS } from "../../../etl/sources/index.js";

export interface Fingerprint {
  /** Units of the latest year: what `enterprises { totalCount }` answers. */
  readonly latestYearUnits: number;
  /** Units of 2024 with ≥ 20 workers and active: what `coverage(year: 2024) { total { units } }` answers. */
  readonly inScope2024: number;
  readonly martRows: number;
  /** bit_xor of the hashes of every mart_unit_year row. */
  readonly martHash: string;
  readonly rawTaxRows: number;
  /** Rows of every raw table together. */
  readonly rawRows: number;
  readonly batches: number;
  readonly quarantined: number;
}

export async function fingerprint(path: string): Promise<Fingerprint> {
  const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`
      select
        (select count(*) from mart_unit_year where year = (select max(year) from mart_unit_year))::int,
        (select count(*) from mart_unit_year where year = 2024 and active and workers >= 20)::int,
        (select count(*) from mart_unit_year)::int,
        (select coalesce(bit_xor(hash(m)), 0) from mart_unit_year m)::varchar,
        (select count(*) from raw.tax_enterprises)::int,
        (${DATASET_IDS.map((id) => `(select count(*) from raw.${id})`).join(" + ")})::int,
        (select count(*) from lineage.batches)::int,
        (select count(*) from quarantine.rejected_rows)::int`);
    const [latestYearUnits, inScope2024, martRows, martHash, rawTaxRows, rawRows, batches, quarantined] = reader.getRowsJS()[0] as [
      number,
      number,
      number,
      string,
      number,
      number,
      number,
      number,
    ];
    return { latestYearUnits, inScope2024, martRows, martHash, rawTaxRows, rawRows, batches, quarantined };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
