import { parseArgs } from "node:util";
import { recordCommand } from "../core/records/audit-log.js";
import { applyFileModeUmask } from "../core/warehouse/file-mode.js";

const DEFAULT_DB = process.env.WAREHOUSE ?? "data/warehouse.duckdb";

const USAGE = `Usage: npm run etl -- <command> [options]

Commands:
  ingest <dir|file…> [--dataset ID] [--as-of YYYY-MM-DD] [--sheet NAME] [--replace] [--max-columns N] [--db FILE]
                      load files into the warehouse (a directory by file name: <dataset>[.<part>].<ext>);
                      --replace confirms a re-delivery that would take much of a period out of effect
  restore <batch> [--db FILE]
                      put a superseded batch's rows back in effect (the rows that replaced them are superseded)
  build [--db FILE] [--json] [--full] [--publish [--versions DIR] [--keep N]]
                      rebuild what the data loaded since the last build reaches (the models, or only their
                      years, units or batches it changes; the summary says what and why), then the data tests
                      of the tables rebuilt (--json: every model and test); --full: every model whole; with
                      --publish, publish the warehouse when the build succeeded.
                      Each model is committed on its own and the new tables swapped in at the end; memory:
                      BUILD_MEMORY_LIMIT (DuckDB's limit, default 4GB), BUILD_TEMP_DIR (spill folder), BUILD_THREADS
  publish [--db FILE] [--versions DIR] [--keep N] [--parquet DIR]
                      copy the warehouse to the next version in the versions folder and point
                      its CURRENT file at it (servers switch to it); keep the newest N versions (2);
                      with --parquet, also write the SQL endpoint's relations there as a lake
                      (Hive-partitioned Parquet by year or month, with manifest.json)
  sample --out DIR [--units N] [--seed N] [--years 2019-2025] [--json]
                      write the synthetic sample province with its ground truth (a summary; --json: the manifest)
  status [--db FILE]  rows in effect and superseded per dataset, the last batches, the quarantine;
                      answers while a load or build runs (from the lineage file beside the warehouse)
  link-report [--truth DIR/_truth] [--db FILE] [--json]
                      precision, recall, F1 and blocking recall of the links against a sample's ground truth
  keys create --role ADMIN|ANALYST|DASHBOARD [--districts 464,465 | --communes 19333] [--name TEXT]
  keys list | keys revoke ID | keys trust
                      API keys of the GraphQL server ($API_KEYS, else keys.json beside the warehouse);
                      shown once, stored hashed

ingest, restore, build, publish and keys are recorded in the audit log ($AUDIT_LOG, else audit.jsonl
beside the warehouse).

--db defaults to $WAREHOUSE or ${DEFAULT_DB}; --versions to $PUBLISH_DIR, else versions/ beside the warehouse.
Times are shown in $DISPLAY_TIME_ZONE (default Asia/Ho_Chi_Minh).`;

function parseYears(text: string | undefined): [number, number] | undefined {
  if (!text) return undefined;
  const match = /^(\d{4})-(\d{4})$/.exec(text);
  if (!match || Number(match[1]) > Number(match[2])) throw new Error(`--years must look like 2019-2025, got "${text}"`);
  return [Number(match[1]), Number(match[2])];
}

function parsePositiveInt(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return Number(text);
}

/** The command being run, for the audit log (core/records/audit-log.ts: loads, builds and publications are recorded). */
let invoked: { command: string; db: string } | undefined;
const startedAt = Date.now();

async function main(argv: string[]): Promise<number> {
  applyFileModeUmask(); // the files this command creates (warehouse, WAL, versions, logs) are the owner's only: FILE_MODE
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: "string", default: DEFAULT_DB },
      dataset: { type: "string" },
      "as-of": { type: "string" },
      sheet: { type: "string" },
      replace: { type: "boolean" },
      "max-columns": { type: "string" },
      out: { type: "string" },
      units: { type: "string" },
      seed: { type: "string" },
      years: { type: "string" },
      truth: { type: "string" },
      json: { type: "boolean" },
      publish: { type: "boolean" },
      full: { type: "boolean" },
      versions: { type: "string" },
      keep: { type: "string" },
      parquet: { type: "string" },
      role: { type: "string" },
      districts: { type: "string" },
      communes: { type: "string" },
      name: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  invoked = { command, db: values.db! };
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case "ingest":
      if (!rest.length) throw new Error("ingest needs at least one file or directory");
      return (await import("./cli/ingest-command.js")).ingestCommand({
        paths: rest,
        db: values.db!,
        dataset: values.dataset,
        asOf: values["as-of"],
        sheet: values.sheet,
        replace: values.replace,
        maxColumns: parsePositiveInt("max-columns", values["max-columns"]),
      });
    case "restore":
      return (await import("./cli/restore-command.js")).restoreCommand({ db: values.db!, batch: rest[0] });
    case "build": {
      const keep = parsePositiveInt("keep", values.keep);
      // The lock file lets `etl status` answer (from the lineage file) while the build holds the warehouse.
      const { buildCommand, refuseMissingWarehouse } = await import("./cli/build-command.js");
      const refused = refuseMissingWarehouse(values.db!); // before the lock file, which would need the folder
      if (refused !== null) return refused;
      const { withLoadLock } = await import("./ingest/load-lock.js");
      return withLoadLock(values.db!, "build", async () => {
        const built = await buildCommand({ db: values.db!, json: values.json, full: values.full });
        await (await import("./ingest/lineage-snapshot.js")).refreshLineageFile(values.db!);
        if (built !== 0 || !values.publish) return built;
        return (await import("./cli/publish-command.js")).publishCommand({ db: values.db!, versionsDir: values.versions, keep });
      });
    }
    case "publish":
      return (await import("./cli/publish-command.js")).publishCommand({
        db: values.db!,
        versionsDir: values.versions,
        keep: parsePositiveInt("keep", values.keep),
        parquet: values.parquet,
      });
    case "sample":
      if (!values.out) throw new Error("sample needs --out DIR");
      return (await import("./cli/sample-command.js")).sampleCommand({
        out: values.out,
        units: parsePositiveInt("units", values.units),
        seed: parsePositiveInt("seed", values.seed),
        years: parseYears(values.years),
        json: values.json,
      });
    case "status":
      return (await import("./cli/status-command.js")).statusCommand(values.db!);
    case "link-report":
      return (await import("./cli/link-report-command.js")).linkReportCommand({ db: values.db!, truth: values.truth, json: values.json });
    case "keys":
      return (await import("./cli/keys-command.js")).keysCommand({
        action: rest[0],
        args: rest.slice(1),
        db: values.db!,
        role: values.role,
        districts: values.districts,
        communes: values.communes,
        name: values.name,
      });
    default:
      throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    recordCommand(invoked, process.argv.slice(2), code, startedAt);
    process.exit(code);
  },
  (error: Error) => {
    recordCommand(invoked, process.argv.slice(2), 2, startedAt, error);
    console.error(`error: ${error.message}`);
    process.exit(2);
  },
);
