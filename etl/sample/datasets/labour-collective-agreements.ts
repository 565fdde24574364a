/**
 * `labour_collective_agreements.ndjson`: registered collective agreements (TULĐTT), one
 * JSON object per line; the end given as an expiry date or as a term in months; dates
 * `dd/mm/yyyy`, some in other valid forms (ISO, `d/m/yyyy`, Excel serial numbers).
 */
import { type Day, yearOf } from "../calendar.js";
import { type DirtKind, DirtScheduler } from "../dirt-scheduler.js";
import { badDateText, dateText, otherDateStyle, taxCodeDirt, type UnitRowContext, writtenTaxCode } from "../dirty-values.js";
import { Random } from "../prng.js";
import type { CollectiveAgreement } from "../union-life.js";
import type { JsonRecord } from "../writers/json-writer.js";
import type { DatasetGenerator, SampleRun } from "./dataset-generator.js";

interface Context extends UnitRowContext {
  readonly agreement: CollectiveAgreement;
}

const DIRT: DirtKind<Context>[] = [
  ...taxCodeDirt<Context>("INVALID_TAX_CODE", 0.01),
  { name: "missing:ma_so_thue", rate: 0.008, reason: "MISSING_REQUIRED" },
  { name: "missing:ngay_ky", rate: 0.008, reason: "MISSING_REQUIRED" },
  { name: "bad_date:ngay_ky", rate: 0.01, reason: "BAD_DATE" },
  { name: "expiry_before_start", rate: 0.012, reason: "INCONSISTENT" },
  { name: "no_expiry_no_term", rate: 0.012, reason: "MISSING_REQUIRED" },
  { name: "date_format_variant", rate: 0.03, reason: "" },
];

export function labourCollectiveAgreements(run: SampleRun): DatasetGenerator {
  const random = Random.stream(run.seed, "dirt:labour_collective_agreements");
  const dirt = new DirtScheduler(DIRT, random);
  const file = run.files.json("labour_collective_agreements", null, "ndjson");

  return {
    extraColumns: {},
    emit(life, truth) {
      const { unit } = life;
      for (const agreement of life.agreements) {
        const fault = dirt.next({ unit, agreement });
        const name = fault?.name;
        const date = (day: Day): string | number => {
          if (name !== "date_format_variant") return dateText(day, "dd/mm/yyyy");
          const style = otherDateStyle(day, random);
          return style === "excel-serial" && random.chance(0.5) ? Number(dateText(day, style)) : dateText(day, style);
        };
        const start = agreement.effectiveOn ?? agreement.signedOn;
        let expiry: string | number | null = agreement.writtenWithExpiry ? date(agreement.expiresOn) : null;
        let term: number | null = agreement.writtenWithExpiry ? null : agreement.termMonths;
        if (name === "expiry_before_start") {
          expiry = dateText(start - random.int(1, 400), "dd/mm/yyyy");
          term = null;
        } else if (name === "no_expiry_no_term") {
          expiry = null;
          term = null;
        }
        const record: JsonRecord = {
          ma_so_thue: name === "missing:ma_so_thue" ? null : writtenTaxCode(unit.taxCode, name, random),
          ten_doanh_nghiep: unit.name,
          ngay_ky: name === "missing:ngay_ky" ? null : name === "bad_date:ngay_ky" ? badDateText(random, yearOf(agreement.signedOn)) : date(agreement.signedOn),
          ngay_hieu_luc: agreement.effectiveOn === null ? null : date(agreement.effectiveOn),
          ngay_het_han: expiry,
          thoi_han_thang: term,
          so_nld_ap_dung: agreement.workersCovered,
        };
        file.write(record, { taxCode: unit.taxCode, dirt: name, reason: fault?.reason });
        if (!fault?.reason) truth.agreement(start, agreement.expiresOn);
      }
    },
    finish() {},
  };
}
