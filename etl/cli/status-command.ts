import { openWarehouse } from "../warehouse/warehouse.js";
import { formatTable } from "./format-table.js";

/** `etl status`: the last batch per dataset and the quarantine by dataset and reason. */
export async function statusCommand(db: string): Promise<number> {
  const warehouse = await openWarehouse(db, { readOnly: true });
  try {
    const batches = await warehouse.connection.runAndReadAll(`
      select dataset, file_name, status, rows_read, rows_loaded, rows_rejected, strftime(finished_at, '%Y-%m-%d %H:%M') as finished
      from lineage.batches qualify row_number() over (partition by dataset order by batch_id desc) = 1 order by dataset`);
    console.log("Last batch per dataset\n");
    console.log(formatTable(["dataset", "file", "status", "read", "loaded", "quarantined", "finished"], rowsOf(batches.getRowsJS())));
    const quarantine = await warehouse.connection.runAndReadAll(`
      select dataset, reason_code, count(*) as n, count(*) filter (where released_at is not null) as released
      from quarantine.rejected_rows group by all order by dataset, reason_code`);
    console.log("\nQuarantine\n");
    console.log(formatTable(["dataset", "reason", "rows", "released"], rowsOf(quarantine.getRowsJS())));
    return 0;
  } finally {
    await warehouse.close();
  }
}

function rowsOf(rows: unknown[][]): (string | number)[][] {
  return rows.map((r) => r.map((v) => (typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : String(v ?? ""))));
}
