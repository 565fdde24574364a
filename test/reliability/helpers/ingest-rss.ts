/**
 * Ingests files in this process and prints, as one JSON line, each file's report and the
 * process's peak resident memory: `node --import tsx ingest-rss.ts <db> <file…>`. The
 * reliability tests run it as a child to show that memory stays bounded whatever a file holds.
 */
import { ingestPaths } from "../../../etl/ingest/ingest.js";
import { openWarehouse } from "../../../etl/warehouse/warehouse.js";

const [db, ...files] = process.argv.slice(2);
const warehouse = await openWarehouse(db);
try {
  const reports = await ingestPaths(warehouse.connection, files);
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ reports, maxRssMiB })}\n`);
} finally {
  await warehouse.close();
}
