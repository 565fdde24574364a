/**
 * `stats_enterprise_survey.<year>.xlsx`: the annual enterprise survey, a subset of the
 * units each year, Vietnamese headers, numbers as number cells, VSIC as the 2-digit
 * division, and an unknown `Ngày cập nhật` column of real Excel date cells.
 */
import { asUtcDate, dayOf } from "../calendar.js";
import { type DirtKind, DirtScheduler } from "../dirt-scheduler.js";
import { badNumberText, taxCodeDirt, type UnitRowContext, writtenTaxCode } from "../dirty-values.js";
import { OWNERSHIP_LABELS } from "../economy.js";
import type { DataFile } from "../output-files.js";
import { Random } from "../prng.js";
import type { StatsReport } from "../reporting.js";
import type { CellValue } from "../writers/row-writer.js";
import type { DatasetGenerator, SampleRun } from "./dataset-generator.js";

const HEADERS = [
  "Năm",
  "Mã số thuế",
  "Tên doanh nghiệp",
  "Mã xã",
  "Địa chỉ",
  "Loại hình sở hữu",
  "Ngành kinh tế",
  "Lao động",
  "Lao động nữ",
  "Doanh thu",
  "Khu công nghiệp",
  "Ngày cập nhật",
];

interface Context extends UnitRowContext {
  readonly report: StatsReport;
}

const DIRT: DirtKind<Context>[] = [
  ...taxCodeDirt<Context>("INVALID_TAX_CODE", 0.008),
  { name: "tax_code_numeric_cell", rate: 0.015, reason: "", appliesTo: (c) => c.unit.taxCode.length === 10 },
  { name: "missing:ma_so_thue", rate: 0.005, reason: "MISSING_REQUIRED" },
  { name: "missing:ten_doanh_nghiep", rate: 0.006, reason: "MISSING_REQUIRED" },
  { name: "missing:lao_dong", rate: 0.006, reason: "MISSING_REQUIRED" },
  { name: "bad_number:lao_dong", rate: 0.008, reason: "BAD_NUMBER" },
  { name: "negative:lao_dong", rate: 0.006, reason: "NEGATIVE" },
  { name: "female_gt_total", rate: 0.01, reason: "INCONSISTENT" },
  { name: "count_as_text", rate: 0.015, reason: "" },
];

export function statsEnterpriseSurvey(run: SampleRun): DatasetGenerator {
  const random = Random.stream(run.seed, "dirt:stats_enterprise_survey");
  const dirt = new DirtScheduler(DIRT, random);
  const files = new Map<number, DataFile<readonly CellValue[]>>();
  for (let year = run.firstYear; year <= run.lastYear; year++) {
    files.set(year, run.files.xlsx("stats_enterprise_survey", String(year), `DN ${year}`, HEADERS));
  }

  return {
    extraColumns: Object.fromEntries([...files.values()].map((f) => [f.file, ["Ngày cập nhật"]])),
    emit(life, truth) {
      const { unit } = life;
      for (const report of life.reports.stats) {
        const fault = dirt.next({ unit, report });
        const name = fault?.name;
        const taxCode: CellValue =
          name === "missing:ma_so_thue" ? null : name === "tax_code_numeric_cell" ? Number(unit.taxCode) : writtenTaxCode(unit.taxCode, name, random);
        const employees: CellValue =
          name === "missing:lao_dong"
            ? null
            : name === "bad_number:lao_dong"
              ? badNumberText(report.employees, random)
              : name === "negative:lao_dong"
                ? -report.employees
                : name === "count_as_text"
                  ? String(report.employees)
                  : report.employees;
        // A negative total would also make any female count exceed it: leave it empty.
        const female =
          name === "female_gt_total"
            ? report.employees + random.int(1, Math.max(2, Math.round(report.employees * 0.3)))
            : name === "negative:lao_dong"
              ? null
              : report.femaleEmployees;
        files
          .get(report.year)!
          .write(
            [
              report.year,
              taxCode,
              name === "missing:ten_doanh_nghiep" ? null : unit.name,
              unit.commune?.code ?? null,
              life.address,
              OWNERSHIP_LABELS[unit.ownership],
              unit.activity.vsic.slice(0, 2),
              employees,
              female,
              report.revenueMillion,
              unit.zone?.name ?? null,
              asUtcDate(dayOf(report.year + 1, random.int(2, 4), random.int(1, 28))),
            ],
            { taxCode: unit.taxCode, dirt: name, reason: fault?.reason },
          );
        if (!fault?.reason) truth.statsSurvey(report.year, report.employees);
      }
    },
    finish() {},
  };
}
