import { existsSync } from "node:fs";
import { join } from "node:path";
import { type LinkMetrics, linkReport } from "../link/link-report.js";
import { sampleTruthDirFor } from "../pipeline/sample-warehouse.js";
import { openWarehouse } from "../warehouse/warehouse.js";
import { formatTable } from "./format-table.js";

export interface LinkReportCommandOptions {
  readonly db: string;
  /** The sample's `_truth` folder (holding rows.csv); default: `sample-truth/` beside the warehouse (written by `npm start`'s sample). */
  readonly truth?: string;
  /** Print the report as JSON instead of tables. */
  readonly json?: boolean;
}

const ratio = (x: number) => x.toFixed(4);

function metricRow(m: LinkMetrics): (string | number)[] {
  return [m.dataset, m.group, m.rows, m.linked, m.correct, ratio(m.precision), ratio(m.recall), ratio(m.f1), ratio(m.blockingRecall), m.inReview];
}

const METRIC_HEADERS = ["rows", "linked", "correct", "precision", "recall", "F1", "blocking recall", "in review"];

/**
 * `etl link-report`: blocking recall, precision, recall and F1 of the links of a built
 * warehouse against the sample's ground truth, per dataset (union registry, membership
 * and SI rows with and without a usable tax code apart), per kind of dirt and, for the
 * union registry's rows without a usable tax code, per way the employer name is written.
 */
export async function linkReportCommand(options: LinkReportCommandOptions): Promise<number> {
  const truth = options.truth ?? sampleTruthDirFor(options.db);
  if (!existsSync(join(truth, "rows.csv"))) {
    throw new Error(
      `link-report needs the sample's ground truth: ${join(truth, "rows.csv")} does not exist (pass --truth DIR, the _truth folder of \`etl sample\`)`,
    );
  }
  const warehouse = await openWarehouse(options.db, { readOnly: true });
  try {
    const report = await linkReport(warehouse.connection, truth);
    if (options.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    const s = report.summary;
    console.log(
      `Links measured against ${truth}/rows.csv: ${report.rowsJudged.toLocaleString("en-US")} loaded rows judged` +
        (report.rowsWithoutTruth ? ` (${report.rowsWithoutTruth.toLocaleString("en-US")} loaded rows the truth does not know, not judged)` : "") +
        ".",
    );
    console.log("Precision = correct ÷ linked; recall = correct ÷ rows (true links missed by blocking or left for review count as misses);");
    console.log("blocking recall = rows whose true unit was among the compared pairs ÷ rows.\n");
    console.log("Per dataset\n");
    console.log(formatTable(["dataset", "tax code", ...METRIC_HEADERS], [...report.byDataset.map(metricRow), metricRow(report.overall)]));
    console.log("\nPer kind of dirt\n");
    console.log(formatTable(["dataset", "dirt", ...METRIC_HEADERS], report.byDirt.map(metricRow)));
    if (report.byNameKind.length) {
      console.log("\nPer way the employer name is written (rows without a usable tax code, _truth/names.csv)\n");
      console.log(formatTable(["dataset", "name written", ...METRIC_HEADERS], report.byNameKind.map(metricRow)));
    }
    console.log("\nFuzzy linker\n");
    console.log(
      formatTable(
        ["units", "records", "candidate pairs", "pairs per record", "linked", "review", "no match", "review queue rows"],
        [[s.units, s.records, s.candidates, s.records ? (s.candidates / s.records).toFixed(1) : "0", s.linked, s.review, s.noMatch, s.reviewQueueRows]],
      ),
    );
    console.log(
      `\nAuto-link at probability ≥ ${s.autoLinkProbability} with a margin of ≥ ${s.minWeightMargin} bits over the next candidate; review from ${s.reviewProbability}.`,
    );
    if (s.nameDictionary) {
      console.log(
        `Names read through the name dictionary version ${s.nameDictionary.version} (${s.nameDictionary.addedOn}, ${s.nameDictionary.entries} entries, etl/reference/name_abbreviations.csv).`,
      );
    }
    console.log("\nLinks per dataset and method\n");
    console.log(
      formatTable(
        ["dataset", "method", "rows", "mean confidence"],
        report.methods.map((m) => [m.dataset, m.method, m.rows, ratio(m.meanConfidence)]),
      ),
    );
    return 0;
  } finally {
    await warehouse.close();
  }
}
