import { DuckDBInstance } from "@duckdb/node-api";
import { readFileSync } from "node:fs";
const [db, ...rest] = process.argv.slice(2);
const sql = rest.length ? rest.join(" ") : readFileSync(0, "utf8");
const inst = await DuckDBInstance.create(db === ":memory:" ? ":memory:" : db);
const c = await inst.connect();
const stmts = sql.split(/;\s*\n/).map(s=>s.trim()).filter(Boolean);
for (const s of stmts) {
  const t0 = performance.now();
  const r = await c.runAndReadAll(s);
  const rows = r.getRowObjectsJson();
  if (rows.length) console.table(rows.slice(0, 200));
  console.error(`(${rows.length} rows, ${((performance.now()-t0)/1000).toFixed(2)}s)`);
}
