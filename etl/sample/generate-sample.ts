/**
 * The deterministic sample-data generator: a synthetic old Quảng Trị province written as
 * the eight agency datasets of docs/SOURCES.md, in mixed formats and encodings, with dirt at
 * known rates, and the ground truth a correct ETL must reproduce in `_truth/`.
 * Generation is unit by unit and every file is streamed, so memory holds the unit
 * records and one unit's rows, whatever the size. See README.md in this folder.
 */
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DATASET_IDS } from "../sources/index.js";
import { endOfYear, formatIso } from "./calendar.js";
import type { DatasetGenerator, SampleRun } from "./datasets/dataset-generator.js";
import { labourCollectiveAgreements } from "./datasets/labour-collective-agreements.js";
import { labourWorkforceReports } from "./datasets/labour-workforce-reports.js";
import { siContributions } from "./datasets/si-contributions.js";
import { statsEnterpriseSurvey } from "./datasets/stats-enterprise-survey.js";
import { taxEnterprises } from "./datasets/tax-enterprises.js";
import { unionFinance } from "./datasets/union-finance.js";
import { unionGrassrootsUnions } from "./datasets/union-grassroots-unions.js";
import { unionMembership } from "./datasets/union-membership.js";
import { type DataFileInfo, OutputFiles } from "./output-files.js";
import { DeadlineTable } from "./payment-deadlines.js";
import { buildPopulation } from "./population.js";
import { SampleProvince } from "./province.js";
import { RateTable } from "./reference-data.js";
import { RowLedger } from "./truth/row-ledger.js";
import { UNIT_YEAR_FEES_HEADER, UNIT_YEAR_HEADER, UnitYearTruth } from "./truth/unit-year-truth.js";
import { UNITS_HEADER, unitRecord } from "./truth/units-truth.js";
import { UnionCodeAllocator } from "./union-life.js";
import { simulateUnitLife } from "./unit-life.js";
import { CsvWriter } from "./writers/csv-writer.js";
import { ParquetConverter } from "./writers/parquet-writer.js";

export interface SampleProgress {
  readonly phase: "population" | "units" | "closing";
  readonly done: number;
  readonly total: number;
}

export interface GenerateSampleOptions {
  readonly outDir: string;
  /** Employer units (default 4000). */
  readonly units?: number;
  /** Seed of every random choice (default 1). */
  readonly seed?: number;
  /** First and last sample year, inclusive (default [2019, 2025]). */
  readonly years?: readonly [number, number];
  readonly onProgress?: (progress: SampleProgress) => void;
}

export interface SampleSummary {
  readonly outDir: string;
  readonly seed: number;
  readonly units: number;
  readonly years: readonly [number, number];
  /** Data files written, with their record counts. */
  readonly files: readonly DataFileInfo[];
  /** Ground-truth files, relative to `outDir`. */
  readonly truthFiles: readonly string[];
  /** Data records written, all files together. */
  readonly rows: number;
  readonly seconds: number;
}

export const TRUTH_DIR = "_truth";
const STAGING_DIR = "_staging";
const FIRST_REGISTRATION_YEAR = 2000;
const DEPENDENT_SHARE = 0.08;
const DRAIN_EVERY_UNITS = 16;
const PROGRESS_EVERY_UNITS = 1000;
/** The earliest year the rate table (base salary) covers in full. */
const EARLIEST_YEAR = 2019;

export const FEE_DUE_ROUNDING =
  "fee due per unit and month = union_fee_rate × quy_luong rounded half up to a whole dong (integer arithmetic); yearly due = sum of the months";

function checkedOptions(options: GenerateSampleOptions) {
  const units = options.units ?? 4000;
  const seed = options.seed ?? 1;
  const years = options.years ?? [2019, 2025];
  if (!Number.isInteger(units) || units < 1) throw new RangeError(`units must be a positive integer, got ${units}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const [firstYear, lastYear] = years;
  if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || firstYear > lastYear || firstYear < EARLIEST_YEAR || lastYear > 2100) {
    throw new RangeError(`years must be [first, last] with ${EARLIEST_YEAR} ≤ first ≤ last ≤ 2100, got [${years.join(", ")}]`);
  }
  return { units, seed, firstYear, lastYear };
}

/** Removes what an earlier run left (data files named after a dataset, `_truth`, `_staging`); nothing else. */
async function clearEarlierOutput(outDir: string): Promise<void> {
  for (const name of await readdir(outDir)) {
    const ours = name === TRUTH_DIR || name === STAGING_DIR || DATASET_IDS.some((id) => name.startsWith(`${id}.`));
    if (ours) await rm(join(outDir, name), { recursive: true, force: true });
  }
}

export async function generateSample(options: GenerateSampleOptions): Promise<SampleSummary> {
  const started = performance.now();
  const { units, seed, firstYear, lastYear } = checkedOptions(options);
  const progress = options.onProgress ?? (() => {});
  const { outDir } = options;
  const truthDir = join(outDir, TRUTH_DIR);
  const stagingDir = join(outDir, STAGING_DIR);
  await mkdir(outDir, { recursive: true });
  await clearEarlierOutput(outDir);
  await mkdir(truthDir, { recursive: true });
  await mkdir(stagingDir, { recursive: true });

  const province = new SampleProvince();
  const rates = RateTable.load();
  const deadlines = DeadlineTable.load();
  const snapshot = endOfYear(lastYear);
  progress({ phase: "population", done: 0, total: units });
  const population = buildPopulation(province, { units, seed, firstRegistrationYear: FIRST_REGISTRATION_YEAR, snapshot, dependentShare: DEPENDENT_SHARE });
  progress({ phase: "population", done: units, total: units });

  const parquet = await ParquetConverter.open();
  const ledger = new RowLedger(join(truthDir, "rows.csv"), join(truthDir, "names.csv"));
  const files = new OutputFiles(outDir, stagingDir, ledger, parquet);
  const run: SampleRun = { files, seed, firstYear, lastYear, snapshot };
  const datasets: DatasetGenerator[] = [
    taxEnterprises(run),
    siContributions(run),
    statsEnterpriseSurvey(run),
    labourWorkforceReports(run),
    labourCollectiveAgreements(run),
    unionGrassrootsUnions(run),
    unionMembership(run),
    unionFinance(run),
  ];
  const unitsCsv = new CsvWriter(join(truthDir, "units.csv"), UNITS_HEADER, { separator: "," });
  const unitYearCsv = new CsvWriter(join(truthDir, "unit_year.csv"), UNIT_YEAR_HEADER, { separator: "," });
  const unitYearFeesCsv = new CsvWriter(join(truthDir, "unit_year_fees.csv"), UNIT_YEAR_FEES_HEADER, { separator: "," });
  const lifeContext = { seed, rates, deadlines, province, codes: new UnionCodeAllocator(), firstYear, lastYear, snapshot };

  try {
    for (const unit of population) {
      const life = simulateUnitLife(unit, lifeContext);
      const truth = new UnitYearTruth(unit, firstYear, lastYear, rates, { deadlines, stateBudgetFunded: life.stateBudgetFunded });
      for (const dataset of datasets) dataset.emit(life, truth);
      unitsCsv.write(unitRecord(unit));
      for (const record of truth.records()) unitYearCsv.write(record);
      for (const record of truth.feeRecords()) unitYearFeesCsv.write(record);
      if (unit.index % DRAIN_EVERY_UNITS === 0) {
        await Promise.all([files.drain(), ledger.drain(), unitsCsv.drain(), unitYearCsv.drain(), unitYearFeesCsv.drain()]);
      }
      if ((unit.index + 1) % PROGRESS_EVERY_UNITS === 0) progress({ phase: "units", done: unit.index + 1, total: units });
    }
    for (const dataset of datasets) dataset.finish();
    progress({ phase: "units", done: units, total: units });

    progress({ phase: "closing", done: 0, total: 1 });
    await files.close();
    await Promise.all([ledger.close(), unitsCsv.close(), unitYearCsv.close(), unitYearFeesCsv.close()]);
  } finally {
    parquet.close();
    await rm(stagingDir, { recursive: true, force: true });
  }

  const infos = files.infos();
  const counts = ledger.summary;
  const summary = {
    seed,
    units,
    years: [firstYear, lastYear],
    snapshot: formatIso(snapshot),
    province: { code: province.province.code, name: province.province.name },
    feeDueRounding: FEE_DUE_ROUNDING,
    files: infos,
    extraColumns: Object.assign({}, ...datasets.map((d) => d.extraColumns)),
    rowsByDataset: counts.rowsByDataset,
    rowsByExpectedReason: counts.rowsByReason,
    dirtByDataset: counts.rowsByDatasetAndDirt,
    nameKindsByDataset: counts.namesByDatasetAndKind,
  };
  await writeFile(join(truthDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  progress({ phase: "closing", done: 1, total: 1 });

  return {
    outDir,
    seed,
    units,
    years: [firstYear, lastYear],
    files: infos,
    truthFiles: ["units.csv", "rows.csv", "names.csv", "unit_year.csv", "unit_year_fees.csv", "summary.json"].map((f) => `${TRUTH_DIR}/${f}`),
    rows: infos.reduce((sum, f) => sum + f.rows, 0),
    seconds: (performance.now() - started) / 1000,
  };
}
