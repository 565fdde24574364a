/**
 * `labour_workforce_reports.json`: a JSON array of half-year labour-usage reports, with
 * numbers as JSON numbers (sometimes strings), half-years as `nam` + `ky` or as text
 * (`6 tháng đầu năm 2024`), and the other-organisation flag written every usual way.
 */
import { type DirtKind, DirtScheduler } from "../dirt-scheduler.js";
import { badNumberText, taxCodeDirt, type UnitRowContext, writtenTaxCode } from "../dirty-values.js";
import { Random } from "../prng.js";
import type { LabourReport } from "../reporting.js";
import type { JsonRecord } from "../writers/json-writer.js";
import type { DatasetGenerator, SampleRun } from "./dataset-generator.js";

interface Context extends UnitRowContext {
  readonly report: LabourReport;
}

const DIRT: DirtKind<Context>[] = [
  ...taxCodeDirt<Context>("INVALID_TAX_CODE", 0.008),
  { name: "missing:ma_so_thue", rate: 0.005, reason: "MISSING_REQUIRED" },
  { name: "missing:ten_doanh_nghiep", rate: 0.005, reason: "MISSING_REQUIRED" },
  { name: "missing:tong_lao_dong", rate: 0.005, reason: "MISSING_REQUIRED" },
  { name: "bad_number:tong_lao_dong", rate: 0.008, reason: "BAD_NUMBER" },
  { name: "negative:tong_lao_dong", rate: 0.006, reason: "NEGATIVE" },
  { name: "female_gt_total", rate: 0.01, reason: "INCONSISTENT" },
  { name: "half_year_text", rate: 0.02, reason: "" },
  { name: "boolean_variant", rate: 0.02, reason: "" },
  { name: "count_as_text", rate: 0.015, reason: "" },
];

function booleanText(value: boolean, random: Random): string | boolean | number {
  return random.pick<() => string | boolean | number>([
    () => (value ? "x" : ""),
    () => (value ? 1 : 0),
    () => (value ? "yes" : "no"),
    () => value,
    () => (value ? "Có" : "Không"),
  ])();
}

export function labourWorkforceReports(run: SampleRun): DatasetGenerator {
  const random = Random.stream(run.seed, "dirt:labour_workforce_reports");
  const dirt = new DirtScheduler(DIRT, random);
  const file = run.files.json("labour_workforce_reports", null, "array");

  return {
    extraColumns: {},
    emit(life, truth) {
      const { unit } = life;
      for (const report of life.reports.labour) {
        const fault = dirt.next({ unit, report });
        const name = fault?.name;
        const halfText = `6 tháng ${report.half === 1 ? "đầu" : "cuối"} năm ${report.year}`;
        const total =
          name === "missing:tong_lao_dong"
            ? null
            : name === "bad_number:tong_lao_dong"
              ? badNumberText(report.totalWorkers, random)
              : name === "negative:tong_lao_dong"
                ? -report.totalWorkers
                : name === "count_as_text"
                  ? String(report.totalWorkers)
                  : report.totalWorkers;
        // A negative total would also make any female count exceed it: leave it empty.
        const female =
          name === "female_gt_total"
            ? report.totalWorkers + random.int(1, Math.max(2, Math.round(report.totalWorkers * 0.2)))
            : name === "negative:tong_lao_dong"
              ? null
              : report.femaleWorkers;
        const record: JsonRecord = {
          nam: name === "half_year_text" && random.chance(0.5) ? null : report.year,
          ky: name === "half_year_text" ? halfText : report.half,
          ma_so_thue: name === "missing:ma_so_thue" ? null : writtenTaxCode(unit.taxCode, name, random),
          ten_doanh_nghiep: name === "missing:ten_doanh_nghiep" ? null : unit.name,
          tong_lao_dong: total,
          lao_dong_nu: female,
          co_to_chuc_dai_dien_khac:
            name === "boolean_variant" ? booleanText(report.otherWorkerOrganisation, random) : report.otherWorkerOrganisation ? "có" : "không",
        };
        file.write(record, { taxCode: unit.taxCode, dirt: name, reason: fault?.reason });
        if (!fault?.reason) truth.labourReport(report.year, report.half, report.totalWorkers);
      }
    },
    finish() {},
  };
}
