// Preloaded (`node --import`) into a child ingest: writes the process's peak resident set
// (every thread, DuckDB's included) in kilobytes to $REPORT_MAX_RSS_TO when it exits.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  if (process.env.REPORT_MAX_RSS_TO) writeFileSync(process.env.REPORT_MAX_RSS_TO, String(process.resourceUsage().maxRSS));
});
