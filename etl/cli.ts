import { parseArgs } from "node:util";

const DEFAULT_DB = process.env.WAREHOUSE ?? "data/warehouse.duckdb";

const USAGE = `Usage: npm run etl -- <command> [options]

Commands:
  ingest <dir|file…> [--dataset ID] [--as-of YYYY-MM-DD] [--sheet NAME] [--db FILE]
                      load files into the warehouse (a directory by file name: <dataset>[.<part>].<ext>)
  build [--db FILE]   rebuild staging, intermediate and mart models, then run the data tests
  sample --out DIR [--units N] [--seed N] [--years 2019-2025]
                      write the synthetic sample province with its ground truth
  status [--db FILE]  last batch per dataset and the quarantine

--db defaults to $WAREHOUSE or ${DEFAULT_DB}.`;

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

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      db: { type: "string", default: DEFAULT_DB },
      dataset: { type: "string" },
      "as-of": { type: "string" },
      sheet: { type: "string" },
      out: { type: "string" },
      units: { type: "string" },
      seed: { type: "string" },
      years: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case "ingest":
      if (!rest.length) throw new Error("ingest needs at least one file or directory");
      return (await import("./cli/ingest-command.js")).ingestCommand({ paths: rest, db: values.db!, dataset: values.dataset, asOf: values["as-of"], sheet: values.sheet });
    case "build":
      return (await import("./cli/build-command.js")).buildCommand(values.db!);
    case "sample":
      if (!values.out) throw new Error("sample needs --out DIR");
      return (await import("./cli/sample-command.js")).sampleCommand({
        out: values.out,
        units: parsePositiveInt("units", values.units),
        seed: parsePositiveInt("seed", values.seed),
        years: parseYears(values.years),
      });
    case "status":
      return (await import("./cli/status-command.js")).statusCommand(values.db!);
    default:
      throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`error: ${error.message}`);
    process.exit(2);
  },
);
