/**
 * `union_finance.<year>.parquet`: union fee (KPCĐ) and member dues receipts per payer and
 * period (`mm/yyyy`, `Q2/2024`, `2024`), written through DuckDB. Files of the first four
 * sample years are text exports (every column VARCHAR, so amounts may carry thousands
 * separators or letters); later years are typed (BIGINT amounts, DATE payment day).
 */
import { formatDmy, formatIso, formatMonth } from "../calendar.js";
import { type DirtKind, DirtScheduler } from "../dirt-scheduler.js";
import { badNumberText, moneyFormatDirt, moneyText, taxCodeDirt, type UnitRowContext, writtenTaxCode } from "../dirty-values.js";
import type { DataFile } from "../output-files.js";
import type { FinancePeriod, Payment } from "../payments.js";
import { Random } from "../prng.js";
import type { ParquetColumn } from "../writers/parquet-writer.js";
import type { DatasetGenerator, SampleRun } from "./dataset-generator.js";

const TEXT_YEARS = 4;

interface Context extends UnitRowContext {
  readonly payment: Payment;
  readonly typed: boolean;
}

const text = (c: Context) => !c.typed;

const DIRT: DirtKind<Context>[] = [
  ...taxCodeDirt<Context>("INVALID_TAX_CODE", 0.006),
  { name: "missing:ma_so_thue", rate: 0.004, reason: "MISSING_REQUIRED" },
  { name: "missing:ky", rate: 0.004, reason: "MISSING_REQUIRED" },
  { name: "bad_period:ky", rate: 0.005, reason: "BAD_DATE" },
  { name: "period_format_variant", rate: 0.015, reason: "", appliesTo: (c) => c.payment.period.grain !== "YEAR" },
  { name: "missing:kpcd_da_nop", rate: 0.004, reason: "MISSING_REQUIRED" },
  { name: "bad_number:kpcd_da_nop", rate: 0.006, reason: "BAD_NUMBER", appliesTo: text },
  ...moneyFormatDirt<Context>((c) => text(c) && c.payment.unionFee >= 1000),
];

function periodText(period: FinancePeriod): string {
  if (period.grain === "YEAR") return String(period.year);
  if (period.grain === "QUARTER") return `Q${period.index}/${period.year}`;
  return formatMonth(period.year, period.index, "mm/yyyy");
}

function otherPeriodText(period: FinancePeriod, random: Random): string {
  if (period.grain === "QUARTER") return random.pick([`Quý ${period.index}/${period.year}`, `Q${period.index} ${period.year}`]);
  return random.pick([formatMonth(period.year, period.index, "yyyy-mm"), formatMonth(period.year, period.index, "Tháng m/yyyy")]);
}

export function unionFinance(run: SampleRun): DatasetGenerator {
  const random = Random.stream(run.seed, "dirt:union_finance");
  const dirt = new DirtScheduler(DIRT, random);
  const files = new Map<number, { file: DataFile<readonly string[]>; typed: boolean }>();
  for (let year = run.firstYear; year <= run.lastYear; year++) {
    const typed = year - run.firstYear >= TEXT_YEARS;
    const money = typed ? "BIGINT" : "VARCHAR";
    const columns: ParquetColumn[] = [
      { name: "ma_so_thue", type: "VARCHAR" },
      { name: "ma_cdcs", type: "VARCHAR" },
      { name: "ky", type: "VARCHAR" },
      { name: "kpcd_da_nop", type: money },
      { name: "doan_phi_da_nop", type: money },
      { name: "ngay_nop", type: typed ? "DATE" : "VARCHAR" },
    ];
    files.set(year, { file: run.files.parquetFile("union_finance", String(year), columns), typed });
  }

  return {
    extraColumns: {},
    emit(life, truth) {
      const { unit } = life;
      for (const payment of life.payments) {
        const { file, typed } = files.get(payment.period.year)!;
        const fault = dirt.next({ unit, payment, typed });
        const name = fault?.name;
        const period =
          name === "missing:ky"
            ? ""
            : name === "bad_period:ky"
              ? random.pick([`13/${payment.period.year}`, `Q5/${payment.period.year}`, `${payment.period.year}-14`, "abc"])
              : name === "period_format_variant"
                ? otherPeriodText(payment.period, random)
                : periodText(payment.period);
        const fee =
          name === "missing:kpcd_da_nop" ? "" : name === "bad_number:kpcd_da_nop" ? badNumberText(payment.unionFee, random) : moneyText(payment.unionFee, name);
        const paidOn = typed ? formatIso(payment.paidOn) : formatDmy(payment.paidOn);
        file.write(
          [
            name === "missing:ma_so_thue" ? "" : writtenTaxCode(unit.taxCode, name, random),
            payment.unionCode ?? "",
            period,
            fee,
            payment.memberDues ? String(payment.memberDues) : typed ? "" : "0",
            paidOn,
          ],
          { taxCode: unit.taxCode, dirt: name, reason: fault?.reason },
        );
        if (!fault?.reason) {
          truth.payment(payment.period.year, payment.unionFee, payment.memberDues);
          truth.paymentTiming(payment);
        }
      }
    },
    finish() {},
  };
}
