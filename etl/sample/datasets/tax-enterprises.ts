/**
 * `tax_enterprises.csv`: the tax registry snapshot as Excel saves it for Vietnamese
 * users: UTF-8 with BOM, `;`, CRLF, Vietnamese headers (`Mã số thuế`, `Tên người nộp
 * thuế`, `Ngày cấp` are aliases), an unknown `Số điện thoại` column. Every unit has one
 * row that loads; rejected rows are extra re-listings of a unit with one fault.
 */
import { type Day, formatDmy, yearOf } from "../calendar.js";
import { type DirtKind, DirtScheduler } from "../dirt-scheduler.js";
import { badDateText, dateText, invalidTaxCodeDirt, otherDateStyle, taxCodeFormatDirt, type UnitRowContext, writtenTaxCode } from "../dirty-values.js";
import { LEGAL_FORM_LABELS } from "../economy.js";
import type { EmployerUnit } from "../population.js";
import { Random } from "../prng.js";
import type { UnitLife } from "../unit-life.js";
import { type DatasetGenerator, DeferredRows, type SampleRun } from "./dataset-generator.js";

const HEADERS = [
  "Mã số thuế",
  "Tên người nộp thuế",
  "Địa chỉ",
  "Mã xã",
  "Mã huyện",
  "Loại hình",
  "Ngành kinh tế",
  "Ngày cấp",
  "Trạng thái",
  "Ngày chấm dứt",
  "Mã số thuế chủ quản",
  "Ngày dữ liệu",
  "Số điện thoại",
];

const CLOSED_LABELS = ["Ngừng hoạt động", "Đã giải thể", "Chấm dứt hiệu lực MST"];

type Context = UnitRowContext;

/** Faults of the extra, rejected re-listings (one per row). */
const RELISTING_DIRT: DirtKind<Context>[] = [
  ...invalidTaxCodeDirt<Context>("INVALID_TAX_CODE", 0.008),
  { name: "missing:ma_so_thue", rate: 0.006, reason: "INVALID_TAX_CODE" },
  { name: "missing:ten_doanh_nghiep", rate: 0.008, reason: "MISSING_REQUIRED" },
  { name: "bad_date:ngay_thanh_lap", rate: 0.008, reason: "BAD_DATE" },
  { name: "registered_after_snapshot", rate: 0.008, reason: "INCONSISTENT" },
];

/** Valid variants on the unit's own row. */
const ROW_DIRT: DirtKind<Context>[] = [...taxCodeFormatDirt<Context>(), { name: "date_format_variant", rate: 0.015, reason: "" }];

export function taxEnterprises(run: SampleRun): DatasetGenerator {
  const file = run.files.csv("tax_enterprises", null, HEADERS, { separator: ";", byteOrderMark: true, lineEnding: "\r\n" });
  const random = Random.stream(run.seed, "dirt:tax_enterprises");
  const relistingDirt = new DirtScheduler(RELISTING_DIRT, random);
  const rowDirt = new DirtScheduler(ROW_DIRT, random);
  const relistings = new DeferredRows<{ values: string[]; unit: EmployerUnit; dirt: DirtKind<Context> }>(({ values, unit, dirt }) =>
    file.write(values, { taxCode: unit.taxCode, dirt: dirt.name, reason: dirt.reason }),
  );

  const row = (life: UnitLife, taxCode: string, name: string, registered: string): string[] => {
    const { unit } = life;
    const status = unit.status === "ACTIVE" ? "Đang hoạt động" : unit.status === "SUSPENDED" ? "Tạm ngừng kinh doanh có thời hạn" : random.pick(CLOSED_LABELS);
    return [
      taxCode,
      name,
      life.address,
      unit.commune?.code ?? "",
      unit.district.code,
      LEGAL_FORM_LABELS[unit.legalForm],
      unit.activity.vsic,
      registered,
      status,
      unit.closedOn === null ? "" : formatDmy(unit.closedOn),
      unit.parentTaxCode ?? "",
      formatDmy(run.snapshot),
      random.chance(0.3) ? `0233 3${String(random.int(0, 999_999)).padStart(6, "0")}` : "",
    ];
  };

  const relisting = (life: UnitLife, dirt: DirtKind<Context>): string[] => {
    const { unit } = life;
    const registered = (day: Day) => formatDmy(day);
    switch (dirt.name) {
      case "missing:ma_so_thue":
        return row(life, "", unit.name, registered(unit.registeredOn));
      case "missing:ten_doanh_nghiep":
        return row(life, writtenTaxCode(unit.taxCode, undefined, random), "", registered(unit.registeredOn));
      case "bad_date:ngay_thanh_lap":
        return row(life, writtenTaxCode(unit.taxCode, undefined, random), unit.name, badDateText(random, yearOf(unit.registeredOn)));
      case "registered_after_snapshot":
        return row(life, writtenTaxCode(unit.taxCode, undefined, random), unit.name, registered(run.snapshot + random.int(1, 800)));
      default:
        return row(life, writtenTaxCode(unit.taxCode, dirt.name, random), unit.name, registered(unit.registeredOn));
    }
  };

  return {
    extraColumns: { "tax_enterprises.csv": ["Số điện thoại"] },
    emit(life) {
      const { unit } = life;
      const context = { unit };
      const dirt = rowDirt.next(context);
      const registered =
        dirt?.name === "date_format_variant" ? dateText(unit.registeredOn, otherDateStyle(unit.registeredOn, random)) : formatDmy(unit.registeredOn);
      file.write(row(life, writtenTaxCode(unit.taxCode, dirt?.name, random), unit.name, registered), {
        taxCode: unit.taxCode,
        dirt: dirt?.name,
        reason: dirt?.reason,
      });
      const fault = relistingDirt.next(context);
      if (fault) relistings.hold({ values: relisting(life, fault), unit, dirt: fault }, unit.index + random.int(1, 40));
      relistings.release(unit.index);
    },
    finish() {
      relistings.releaseAll();
    },
  };
}
