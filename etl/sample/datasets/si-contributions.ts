/**
 * `si_contributions.<year>.csv`: one row per insured unit and month, plain comma UTF-8.
 * Headers are folded Vietnamese names, English aliases in the third year, Vietnamese with
 * diacritics in the fifth; months `mm/yyyy` or `yyyy-mm` by year, some `Tháng 6/2024`.
 * An invalid or missing tax code here is kept (the unit is known by `ma_don_vi`).
 * `ngan_sach_bao_dam` marks the rows of a unit funded wholly by the state budget
 * (state-budget.ts), written as each header style's own yes (`x`, `yes`, `Có`), else empty.
 */
import { formatMonth, type MonthStyle } from "../calendar.js";
import { type DirtKind, DirtScheduler } from "../dirt-scheduler.js";
import { badNumberText, moneyFormatDirt, moneyText, taxCodeDirt, type UnitRowContext, writtenTaxCode } from "../dirty-values.js";
import type { DataFile } from "../output-files.js";
import { Random } from "../prng.js";
import type { SiMonth } from "../workforce.js";
import type { DatasetGenerator, SampleRun } from "./dataset-generator.js";

const FOLDED_HEADERS = ["ma_don_vi", "ten_don_vi", "ma_so_thue", "dia_chi", "ky", "so_lao_dong", "quy_luong", "so_no", "ngan_sach_bao_dam"];
const ENGLISH_HEADERS = ["si_unit_code", "unit_name", "tax_code", "address", "period", "insured_workers", "salary_fund", "arrears", "state_budget_funded"];
const VIETNAMESE_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã số thuế", "Địa chỉ", "Kỳ", "Số lao động", "Quỹ lương", "Số nợ", "Ngân sách bảo đảm"];
/** How each header style writes "yes" for `ngan_sach_bao_dam`. */
const STATE_BUDGET_YES = new Map<readonly string[], string>([
  [FOLDED_HEADERS, "x"],
  [ENGLISH_HEADERS, "yes"],
  [VIETNAMESE_HEADERS, "Có"],
]);

interface Context extends UnitRowContext {
  readonly month: SiMonth;
}

const DIRT: DirtKind<Context>[] = [
  ...taxCodeDirt<Context>(""),
  { name: "tax_code_blank", rate: 0.005, reason: "" },
  { name: "missing:ma_don_vi", rate: 0.004, reason: "MISSING_REQUIRED" },
  { name: "missing:ten_don_vi", rate: 0.004, reason: "MISSING_REQUIRED" },
  { name: "missing:ky", rate: 0.004, reason: "MISSING_REQUIRED" },
  { name: "bad_month:ky", rate: 0.006, reason: "BAD_DATE" },
  { name: "month_format_variant", rate: 0.015, reason: "" },
  { name: "missing:so_lao_dong", rate: 0.004, reason: "MISSING_REQUIRED" },
  { name: "missing:quy_luong", rate: 0.004, reason: "MISSING_REQUIRED" },
  { name: "bad_number:so_lao_dong", rate: 0.005, reason: "BAD_NUMBER" },
  { name: "bad_number:quy_luong", rate: 0.005, reason: "BAD_NUMBER" },
  { name: "negative:so_lao_dong", rate: 0.005, reason: "NEGATIVE" },
  { name: "negative:quy_luong", rate: 0.005, reason: "NEGATIVE" },
  ...moneyFormatDirt<Context>((c) => c.month.salaryFund >= 1000),
];

export function siContributions(run: SampleRun): DatasetGenerator {
  const random = Random.stream(run.seed, "dirt:si_contributions");
  const dirt = new DirtScheduler(DIRT, random);
  const files = new Map<number, { file: DataFile<readonly string[]>; monthStyle: MonthStyle; yes: string }>();
  for (let year = run.firstYear; year <= run.lastYear; year++) {
    const offset = year - run.firstYear;
    const headers = offset === 2 ? ENGLISH_HEADERS : offset === 4 ? VIETNAMESE_HEADERS : FOLDED_HEADERS;
    files.set(year, {
      file: run.files.csv("si_contributions", String(year), headers, { separator: "," }),
      monthStyle: year % 2 === 0 ? "mm/yyyy" : "yyyy-mm",
      yes: STATE_BUDGET_YES.get(headers)!,
    });
  }

  return {
    extraColumns: {},
    emit(life, truth) {
      const { unit } = life;
      for (const month of life.workforce.siMonths) {
        const { file, monthStyle, yes } = files.get(month.year)!;
        const fault = dirt.next({ unit, month });
        const name = fault?.name;
        let period = formatMonth(month.year, month.month, monthStyle);
        if (name === "missing:ky") period = "";
        else if (name === "bad_month:ky") period = random.pick([`13/${month.year}`, `${month.year}-00`, `Tháng 13/${month.year}`, "abc"]);
        else if (name === "month_format_variant") {
          period = random.pick([
            formatMonth(month.year, month.month, "Tháng m/yyyy"),
            formatMonth(month.year, month.month, monthStyle === "mm/yyyy" ? "yyyy-mm" : "mm/yyyy"),
            `${month.month}/${month.year}`,
          ]);
        }
        const workers =
          name === "missing:so_lao_dong"
            ? ""
            : name === "bad_number:so_lao_dong"
              ? badNumberText(month.insuredWorkers, random)
              : name === "negative:so_lao_dong"
                ? `-${month.insuredWorkers}`
                : String(month.insuredWorkers);
        const fund =
          name === "missing:quy_luong"
            ? ""
            : name === "bad_number:quy_luong"
              ? badNumberText(month.salaryFund, random)
              : name === "negative:quy_luong"
                ? `-${month.salaryFund}`
                : moneyText(month.salaryFund, name);
        file.write(
          [
            name === "missing:ma_don_vi" ? "" : unit.siUnitCode,
            name === "missing:ten_don_vi" ? "" : unit.name,
            name === "tax_code_blank" ? "" : writtenTaxCode(unit.taxCode, name, random),
            life.address,
            period,
            workers,
            fund,
            month.arrears ? String(month.arrears) : random.chance(0.5) ? "0" : "",
            life.stateBudgetFunded ? yes : "",
          ],
          { taxCode: unit.taxCode, dirt: name, reason: fault?.reason },
        );
        if (!fault?.reason) truth.siMonth(month.year, month.month, month.insuredWorkers, month.salaryFund, month.arrears);
      }
    },
    finish() {},
  };
}
