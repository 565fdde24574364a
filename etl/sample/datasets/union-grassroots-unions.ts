/**
 * `union_grassroots_unions.xlsx`: the grassroots union registry. Dates are real Excel
 * date cells (some text or bare serial numbers). Many rows lack the employer's tax code
 * or mistype it (one digit changed, two swapped: the check digit fails) and name the
 * employer another way (`CTY TNHH DUC PHAT`), so only name-and-address linking finds
 * them. Rejected faults sit on unions dissolved before the sample years (which have no
 * returns), so no membership row depends on a rejected registry row; a conflicting
 * duplicate is a later row with the same `ma_cdcs` (the first one loads).
 *
 * The employer name of a row without a usable tax code is written as agencies write names
 * (etl/sample/names/written-names.ts): each kind at its rate among the rows it can apply to,
 * drawn from a stream of its own ("names:union_grassroots_unions"), so that every other
 * draw of the file, and every other row, is what it was before the kinds existed; the kind
 * of every such row is in `_truth/names.csv`.
 */
import { asUtcDate, type Day, dayOf, excelSerial, yearOf } from "../calendar.js";
import { type DirtKind, DirtScheduler } from "../dirt-scheduler.js";
import { badDateText, dateText, otherDateStyle, taxCodeFormatDirt, type UnitRowContext, writtenTaxCode } from "../dirty-values.js";
import { type NameKind, nameKindApplies, olderNameKind, type WrittenNameKind, writtenName } from "../names/written-names.js";
import { Random } from "../prng.js";
import { withOneDigitChanged, withTwoDigitsSwapped } from "../tax-code.js";
import type { GrassrootsUnion } from "../union-life.js";
import { abbreviatedAddress, abbreviatedCapitalName, spelledOutPlainName } from "../vietnamese-text.js";
import type { CellValue } from "../writers/row-writer.js";
import { type DatasetGenerator, DeferredRows, type SampleRun } from "./dataset-generator.js";

const HEADERS = [
  "Mã CĐCS",
  "Tên CĐCS",
  "Mã số thuế",
  "Tên đơn vị",
  "Địa chỉ",
  "Mã xã",
  "Công đoàn cấp trên",
  "Khu vực",
  "Ngày thành lập",
  "Ngày giải thể",
  "Ghi chú",
];

interface Context extends UnitRowContext {
  readonly union: GrassrootsUnion;
  /** Dissolved before the sample years: no returns, no finance rows name it. */
  readonly past: boolean;
}

const past = (c: Context) => c.past;
const UNLINKED = ["union_tax_code_missing", "union_tax_code_one_digit_changed", "union_tax_code_two_digits_swapped"];

const DIRT: DirtKind<Context>[] = [
  { name: "union_tax_code_missing", rate: 0.1, reason: "" },
  { name: "union_tax_code_one_digit_changed", rate: 0.04, reason: "" },
  { name: "union_tax_code_two_digits_swapped", rate: 0.03, reason: "" },
  ...taxCodeFormatDirt<Context>(),
  { name: "tax_code_numeric_cell", rate: 0.02, reason: "", appliesTo: (c) => c.unit.taxCode.length === 10 },
  { name: "date_format_variant", rate: 0.03, reason: "" },
  { name: "duplicate_identical", rate: 0.015, reason: "" },
  { name: "missing:ma_cdcs", rate: 0.06, reason: "MISSING_REQUIRED", appliesTo: past },
  { name: "missing:ten_cdcs", rate: 0.06, reason: "MISSING_REQUIRED", appliesTo: past },
  { name: "missing:ngay_thanh_lap", rate: 0.05, reason: "MISSING_REQUIRED", appliesTo: past },
  { name: "missing:ma_so_thue_and_ten_don_vi", rate: 0.05, reason: "MISSING_REQUIRED", appliesTo: past },
  { name: "bad_date:ngay_thanh_lap", rate: 0.06, reason: "BAD_DATE", appliesTo: past },
  { name: "dissolved_before_founded", rate: 0.07, reason: "INCONSISTENT", appliesTo: past },
  { name: "duplicate_conflicting", rate: 0.08, reason: "", appliesTo: past },
];

/** Ways of writing the employer's name, with the share of the rows without a usable tax code each is written in (among the names it applies to). */
const NAME_KINDS: DirtKind<UnitRowContext>[] = (
  [
    ["trade_abbreviations", 0.3],
    ["english", 0.15],
    ["capitals", 0.1],
    ["branch_order", 0.6],
    ["one_member", 0.35],
    ["quotes_brackets", 0.08],
  ] as const
).map(([name, rate]) => ({ name, rate, reason: "", appliesTo: (c: UnitRowContext) => nameKindApplies(name, c.unit) }));

export function unionGrassrootsUnions(run: SampleRun): DatasetGenerator {
  const random = Random.stream(run.seed, "dirt:union_grassroots_unions");
  const dirt = new DirtScheduler(DIRT, random);
  const nameRandom = Random.stream(run.seed, "names:union_grassroots_unions");
  const nameKinds = new DirtScheduler(NAME_KINDS, nameRandom);
  const file = run.files.xlsx("union_grassroots_unions", null, "Danh sách CĐCS", HEADERS);
  const duplicates = new DeferredRows<{ cells: CellValue[]; taxCode: string; dirt: string; reason: "" | "DUPLICATE_KEY" }>((d) =>
    file.write(d.cells, { taxCode: d.taxCode, dirt: d.dirt, reason: d.reason }),
  );
  const rangeStart = dayOf(run.firstYear, 1, 1);

  return {
    extraColumns: { "union_grassroots_unions.xlsx": ["Ghi chú"] },
    emit(life, truth) {
      const { unit } = life;
      for (const union of life.unions) {
        const context: Context = { unit, union, past: union.dissolvedOn !== null && union.dissolvedOn < rangeStart };
        const fault = dirt.next(context);
        const name = fault?.name ?? "";
        const date = (day: Day): CellValue => {
          if (name !== "date_format_variant") return asUtcDate(day);
          const style = otherDateStyle(day, random);
          return style === "excel-serial" ? excelSerial(day) : dateText(day, style);
        };
        const unlinked = UNLINKED.includes(name);
        let taxCode: CellValue = writtenTaxCode(unit.taxCode, name, random);
        if (name === "union_tax_code_missing" || name === "missing:ma_so_thue_and_ten_don_vi") taxCode = null;
        else if (name === "union_tax_code_one_digit_changed") taxCode = withOneDigitChanged(unit.taxCode, random);
        else if (name === "union_tax_code_two_digits_swapped") taxCode = withTwoDigitsSwapped(unit.taxCode, random);
        else if (name === "tax_code_numeric_cell") taxCode = Number(unit.taxCode);
        let employerName = !unlinked ? unit.name : random.pick([unit.name, abbreviatedCapitalName(unit.name), spelledOutPlainName(unit.name)]);
        let nameKind: NameKind | undefined;
        if (unlinked) {
          // the newer kinds from their own stream, over the older variants
          const kind = nameKinds.next({ unit });
          const written = kind ? writtenName(kind.name as WrittenNameKind, unit, nameRandom) : null;
          nameKind = kind && written !== null ? (kind.name as WrittenNameKind) : olderNameKind(unit.name, employerName);
          if (kind && written !== null) employerName = written;
        }

        let founded: CellValue = date(union.foundedOn);
        let dissolved: CellValue = union.dissolvedOn === null ? null : date(union.dissolvedOn);
        if (name === "missing:ngay_thanh_lap") founded = null;
        else if (name === "bad_date:ngay_thanh_lap") founded = badDateText(random, yearOf(union.foundedOn));
        else if (name === "dissolved_before_founded") dissolved = asUtcDate(union.foundedOn - random.int(30, 2000));

        const cells: CellValue[] = [
          name === "missing:ma_cdcs" ? null : union.code,
          name === "missing:ten_cdcs" ? null : union.name,
          taxCode,
          name === "missing:ma_so_thue_and_ten_don_vi" ? null : employerName,
          unlinked && random.chance(0.5) ? abbreviatedAddress(life.address) : life.address,
          unit.commune?.code ?? null,
          union.upperUnion,
          union.sector,
          founded,
          dissolved,
          union.dissolvedOn !== null ? "Đã giải thể" : random.chance(0.05) ? "Thành lập mới" : null,
        ];
        // A duplicate's original row is clean; the dirt is on the later copy.
        const dirtName = name.startsWith("duplicate_") ? undefined : fault?.name;
        const nameTruth = nameKind ? { kind: nameKind, written: employerName, registered: unit.name } : undefined;
        file.write(cells, { taxCode: unit.taxCode, dirt: dirtName, reason: dirtName ? fault?.reason : "", name: nameTruth });
        if (!fault?.reason) truth.union(union.code, union.foundedOn, union.dissolvedOn, !unlinked && taxCode !== null);

        const later = unit.index + random.int(1, 60);
        if (name === "duplicate_identical") {
          duplicates.hold({ cells, taxCode: unit.taxCode, dirt: name, reason: "" }, later);
        } else if (name === "duplicate_conflicting") {
          const conflicting = [...cells];
          // Only fields no other rule checks differ, so DUPLICATE_KEY is the one reason.
          if (random.chance(0.5)) conflicting[1] = `${union.name} (cũ)`;
          else conflicting[7] = union.sector === "KHAC" ? "NGOAI_NHA_NUOC" : "KHAC";
          duplicates.hold({ cells: conflicting, taxCode: unit.taxCode, dirt: name, reason: "DUPLICATE_KEY" }, later);
        }
      }
      duplicates.release(unit.index);
    },
    finish() {
      duplicates.releaseAll();
    },
  };
}
