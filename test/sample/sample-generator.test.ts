import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayOf } from "../../etl/sample/calendar.js";
import { DirtScheduler } from "../../etl/sample/dirt-scheduler.js";
import { generateSample, type SampleSummary } from "../../etl/sample/generate-sample.js";
import { DeadlineTable } from "../../etl/sample/payment-deadlines.js";
import { monthlyUnionFeeDue } from "../../etl/sample/payments.js";
import { Random } from "../../etl/sample/prng.js";
import { parseSmallCsv, RateTable } from "../../etl/sample/reference-data.js";
import { checkDigitOf, isValidTaxCode, taxDigits, withOneDigitChanged, withTwoDigitsSwapped } from "../../etl/sample/tax-code.js";
import { hashTree, type LedgerRow, readCsv, readDataFile, readJsonArray, readLedger, readNdjson, readParquet, readXlsx } from "./sample-files.js";

const UNITS = 600;
const SEED = 11;
const YEARS: [number, number] = [2019, 2025];
const REASONS = ["INVALID_TAX_CODE", "MISSING_REQUIRED", "BAD_DATE", "BAD_NUMBER", "NEGATIVE", "INCONSISTENT", "DUPLICATE_KEY", "UNKNOWN_UNION"];

let root: string;
let first: string;
let again: string;
let otherSeed: string;
let summary: SampleSummary;
let ledger: LedgerRow[];
let unitYear: Record<string, string>[];
let units: Record<string, string>[];

const out = (...parts: string[]) => join(first, ...parts);
const ledgerOf = (file: string) => ledger.filter((r) => r.file === file);
const byLine = (rows: LedgerRow[]) => new Map(rows.map((r) => [r.lineNo, r]));
const years = () => Array.from({ length: YEARS[1] - YEARS[0] + 1 }, (_, i) => YEARS[0] + i);
const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "sample-generator-"));
  [first, again, otherSeed] = ["a", "b", "c"].map((d) => join(root, d));
  summary = await generateSample({ outDir: first, units: UNITS, seed: SEED, years: YEARS });
  await generateSample({ outDir: again, units: UNITS, seed: SEED, years: YEARS });
  await generateSample({ outDir: otherSeed, units: UNITS, seed: SEED + 1, years: YEARS });
  ledger = readLedger(first);
  unitYear = readCsv(out("_truth", "unit_year.csv"));
  units = readCsv(out("_truth", "units.csv"));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("tax codes", () => {
  it("computes the check digit of a real code and rejects the forbidden forms", () => {
    expect(checkDigitOf("010010910")).toBe(6);
    expect(isValidTaxCode("0100109106")).toBe(true);
    expect(isValidTaxCode("0100109107")).toBe(false);
    expect(isValidTaxCode("0100 109 106")).toBe(true);
    expect(isValidTaxCode("01.00109106")).toBe(true);
    expect(isValidTaxCode("0100109106-001")).toBe(true);
    expect(isValidTaxCode("0100109106001")).toBe(true);
    expect(isValidTaxCode("0100109106-000")).toBe(false);
    expect(isValidTaxCode("010010910")).toBe(false);
    expect(isValidTaxCode("0000000000")).toBe(false);
  });

  it("mistypes a code so that the check digit fails", () => {
    const random = new Random(3);
    for (let i = 0; i < 200; i++) {
      expect(isValidTaxCode(withOneDigitChanged("0100109106", random))).toBe(false);
      const swapped = withTwoDigitsSwapped("0100109106", random);
      expect(isValidTaxCode(swapped)).toBe(false);
      expect([...taxDigits(swapped)].sort().join("")).toBe([..."0100109106"].sort().join(""));
    }
  });
});

describe("dirt scheduler", () => {
  it("gives each kind its rate of the rows it applies to, one kind per row", () => {
    const scheduler = new DirtScheduler<{ even: boolean }>(
      [
        { name: "a", rate: 0.01, reason: "BAD_DATE" },
        { name: "b", rate: 0.02, reason: "", appliesTo: (c) => c.even },
      ],
      new Random(5),
    );
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) {
      const kind = scheduler.next({ even: i % 2 === 0 });
      if (kind) counts[kind.name as "a" | "b"]++;
    }
    expect(Math.abs(counts.a - 100)).toBeLessThanOrEqual(2);
    expect(Math.abs(counts.b - 100)).toBeLessThanOrEqual(2);
  });
});

describe("reference tables", () => {
  it("dates the rates", () => {
    const rates = RateTable.load();
    expect(rates.valueOn("base_salary", dayOf(2019, 6, 30))).toBe(1_390_000);
    expect(rates.valueOn("base_salary", dayOf(2019, 7, 1))).toBe(1_490_000);
    expect(rates.valueOn("base_salary", dayOf(2024, 7, 1))).toBe(2_340_000);
    expect(rates.valueOn("base_salary", dayOf(2026, 7, 1))).toBe(2_530_000);
    expect(rates.valueOn("union_fee_rate", dayOf(2024, 1, 1))).toBe(0.02);
    expect(rates.valueOn("member_dues_rate", dayOf(2025, 6, 30), true)).toBe(0.01);
    expect(rates.valueOn("member_dues_rate", dayOf(2025, 7, 1), true)).toBe(0.005);
    expect(rates.valueOn("member_dues_rate", dayOf(2025, 7, 1), false)).toBe(0.01);
    expect(rates.valueOn("member_dues_cap_share", dayOf(2025, 7, 1))).toBe(0.1);
    // the union-fee exemption of units funded wholly by the state budget, from 1 July 2025
    expect(rates.valueOn("union_fee_rate", dayOf(2025, 6, 30), false, true)).toBe(0.02);
    expect(rates.valueOn("union_fee_rate", dayOf(2025, 7, 1), false, true)).toBe(0);
    expect(rates.valueOn("union_fee_rate", dayOf(2025, 7, 1), true, false)).toBe(0.02);
  });

  it("dates the payment deadlines: a month by its last day until June 2025, by the next month's last day after; quarters only in agriculture", () => {
    const deadlines = DeadlineTable.load();
    const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
    expect(iso(deadlines.monthDeadline(2024, 2))).toBe("2024-02-29");
    expect(iso(deadlines.monthDeadline(2025, 6))).toBe("2025-06-30");
    expect(iso(deadlines.monthDeadline(2025, 7))).toBe("2025-08-31");
    expect(iso(deadlines.monthDeadline(2025, 12))).toBe("2026-01-31");
    expect(iso(deadlines.periodDeadline({ grain: "QUARTER", year: 2025, index: 2 }, "A")!)).toBe("2025-06-30");
    expect(iso(deadlines.periodDeadline({ grain: "QUARTER", year: 2025, index: 3 }, "A")!)).toBe("2025-10-31");
    expect(deadlines.periodDeadline({ grain: "QUARTER", year: 2025, index: 3 }, "C")).toBeNull();
    expect(deadlines.periodDeadline({ grain: "YEAR", year: 2024, index: 0 }, "A")).toBeNull();
    expect([...deadlines.deadlinesByMonth({ grain: "YEAR", year: 2025, index: 0 }, "A").values()].map(iso).slice(4, 8)).toEqual([
      "2025-05-31",
      "2025-06-30",
      "2025-08-31",
      "2025-09-30",
    ]);
  });

  it("rounds the monthly union fee half up to the dong", () => {
    expect(monthlyUnionFeeDue(10_000_025, 0.02)).toBe(200_001);
    expect(monthlyUnionFeeDue(10_000_024, 0.02)).toBe(200_000);
    expect(monthlyUnionFeeDue(9_999_999, 0.02)).toBe(200_000);
  });

  it("quotes the action program's targets", () => {
    const [header, ...rows] = parseSmallCsv(readFileSync(new URL("../../etl/reference/targets.csv", import.meta.url), "utf8"));
    expect(header).toEqual(["target_id", "metric", "from_year", "to_year", "comparison", "value", "unit", "program_line"]);
    const target = Object.fromEntries(rows.filter((r) => r.length > 1).map((r) => [r[0], r]));
    expect(target.new_members_2021_2025.slice(1, 6)).toEqual(["new_members", "2021", "2025", ">=", "1500"]);
    expect(target.new_members_2021_2025[7]).toBe("Phấn đấu mỗi năm kết nạp thêm 1.500 đoàn viên công đoàn trở lên");
    expect(target.new_members_2026_2030[5]).toBe("2000");
    expect(target.agreement_rate_2030[5]).toBe("0.85");
    expect(target.union_density_2045[5]).toBe("0.90");
  });
});

describe("generated sample", () => {
  it("writes the dataset files named by dataset id, part and format", () => {
    const names = summary.files.map((f) => f.file);
    const expected = [
      "tax_enterprises.csv",
      ...years().map((y) => `si_contributions.${y}.csv`),
      ...years().map((y) => `stats_enterprise_survey.${y}.xlsx`),
      "labour_workforce_reports.json",
      "labour_collective_agreements.ndjson",
      "union_grassroots_unions.xlsx",
      ...years().map((y) => `union_membership.${y}.csv`),
      ...years().map((y) => `union_finance.${y}.parquet`),
    ];
    expect([...names].sort()).toEqual([...expected].sort());
    expect(summary.units).toBe(UNITS);
    expect(units).toHaveLength(UNITS);
    expect(unitYear).toHaveLength(UNITS * years().length);
    const json = JSON.parse(readFileSync(out("_truth", "summary.json"), "utf8"));
    expect(json.seed).toBe(SEED);
    expect(json.units).toBe(UNITS);
    expect(json.years).toEqual(YEARS);
  });

  it("is byte-identical for the same seed and different for another seed", () => {
    const a = hashTree(first);
    const b = hashTree(again);
    const c = hashTree(otherSeed);
    expect(a.size).toBe(summary.files.length + 6); // + units, rows, names, unit_year, unit_year_fees, summary
    expect([...b.entries()]).toEqual([...a.entries()]);
    expect(c.get("tax_enterprises.csv")).not.toBe(a.get("tax_enterprises.csv"));
    expect(c.get("union_finance.2024.parquet")).not.toBe(a.get("union_finance.2024.parquet"));
    expect(c.get("_truth/unit_year.csv")).not.toBe(a.get("_truth/unit_year.csv"));
  });

  it("lists every data row of every file in rows.csv, numbered from 2", async () => {
    expect(ledger).toHaveLength(summary.rows);
    for (const file of summary.files) {
      const rows = await readDataFile(out(file.file));
      expect(rows, file.file).toHaveLength(file.rows);
      const lines = ledgerOf(file.file).map((r) => r.lineNo);
      expect(lines, file.file).toEqual(Array.from({ length: rows.length }, (_, i) => i + 2));
      expect(new Set(ledgerOf(file.file).map((r) => r.dataset))).toEqual(new Set([file.dataset]));
    }
    const taxCodes = new Set(units.map((u) => u.tax_code));
    expect(ledger.every((r) => taxCodes.has(r.trueTaxCode))).toBe(true);
  });

  it("keeps dirt at its rates and gives each rejected row one reason", () => {
    const reasons = new Set(ledger.map((r) => r.expectedReason).filter(Boolean));
    expect([...reasons].sort()).toEqual([...REASONS].sort());
    const datasets = new Set(ledger.map((r) => r.dataset));
    for (const dataset of datasets) {
      const rows = ledger.filter((r) => r.dataset === dataset);
      const rejected = rows.filter((r) => r.expectedReason).length / rows.length;
      expect(rejected, dataset).toBeGreaterThan(0.01);
      expect(rejected, dataset).toBeLessThan(0.2);
      expect(
        rows.filter((r) => r.expectedReason && !r.dirt),
        dataset,
      ).toHaveLength(0);
    }
    const si = ledger.filter((r) => r.dataset === "si_contributions");
    expect(si.length).toBeGreaterThan(5000);
    const kinds = new Map<string, number>();
    for (const row of si) if (row.dirt) kinds.set(row.dirt, (kinds.get(row.dirt) ?? 0) + 1);
    expect(kinds.size).toBeGreaterThanOrEqual(18);
    for (const [kind, count] of kinds) {
      expect(count / si.length, kind).toBeGreaterThan(0.001);
      expect(count / si.length, kind).toBeLessThan(0.025);
    }
  });

  it("writes valid tax codes on clean rows and invalid ones on INVALID_TAX_CODE rows", async () => {
    const checked = { clean: 0, invalid: 0, keptInvalid: 0 };
    const check = (file: string, rows: Record<string, unknown>[], column: string) => {
      const truth = byLine(ledgerOf(file));
      rows.forEach((row, i) => {
        const expected = truth.get(i + 2)!;
        const code = text(row[column]);
        if (expected.expectedReason === "INVALID_TAX_CODE") {
          expect(isValidTaxCode(code), `${file}:${i + 2} ${code}`).toBe(false);
          checked.invalid++;
        } else if (!expected.expectedReason && !expected.dirt.startsWith("tax_code_") && !expected.dirt.startsWith("union_tax_code")) {
          expect(isValidTaxCode(code), `${file}:${i + 2} ${code}`).toBe(true);
          expect(taxDigits(code)).toBe(expected.trueTaxCode);
          checked.clean++;
        } else if (!expected.expectedReason && /bad_check_digit|wrong_length|00_prefix|branch_000|one_digit|two_digits/.test(expected.dirt)) {
          expect(isValidTaxCode(code), `${file}:${i + 2} ${code}`).toBe(false);
          checked.keptInvalid++;
        }
      });
    };
    check("tax_enterprises.csv", readCsv(out("tax_enterprises.csv")), "Mã số thuế");
    check("labour_workforce_reports.json", readJsonArray(out("labour_workforce_reports.json")), "ma_so_thue");
    check("labour_collective_agreements.ndjson", readNdjson(out("labour_collective_agreements.ndjson")), "ma_so_thue");
    check("union_grassroots_unions.xlsx", await readXlsx(out("union_grassroots_unions.xlsx")), "Mã số thuế");
    for (const y of years()) {
      check(
        `si_contributions.${y}.csv`,
        readCsv(out(`si_contributions.${y}.csv`)).map((r) => ({ code: Object.values(r)[2] })),
        "code",
      );
      check(`stats_enterprise_survey.${y}.xlsx`, await readXlsx(out(`stats_enterprise_survey.${y}.xlsx`)), "Mã số thuế");
      check(`union_finance.${y}.parquet`, await readParquet(out(`union_finance.${y}.parquet`)), "ma_so_thue");
    }
    expect(checked.clean).toBeGreaterThan(10_000);
    expect(checked.invalid).toBeGreaterThan(50);
    expect(checked.keptInvalid).toBeGreaterThan(20);
  });

  it("makes every workers source of the precedence needed somewhere", () => {
    const sources = new Set(unitYear.map((r) => r.workers_source));
    expect([...sources].sort()).toEqual(["LABOUR_H1", "LABOUR_H2", "SI", "STATS", "none"]);
    for (const r of unitYear) {
      expect(r.workers === "", `${r.tax_code} ${r.year}`).toBe(r.workers_source === "none");
      if (r.in_scope_20 === "true") expect(Number(r.workers)).toBeGreaterThanOrEqual(20);
    }
  });

  it("keeps membership returns consistent: members = last year's + admitted − left, members ≤ workers", () => {
    const clean = new Map<string, { members: number; admitted: number; left: number; workers: number }>();
    for (const y of years()) {
      const file = `union_membership.${y}.csv`;
      const truth = byLine(ledgerOf(file));
      readCsv(out(file)).forEach((row, i) => {
        if (truth.get(i + 2)!.dirt) return;
        clean.set(`${row["Mã CĐCS"]}|${y}`, {
          members: Number(row["Số đoàn viên"]),
          admitted: Number(row["Kết nạp mới"]),
          left: Number(row.Giảm),
          workers: Number(row["Số lao động"]),
        });
      });
    }
    let pairs = 0;
    for (const [key, row] of clean) {
      expect(row.members).toBeLessThanOrEqual(row.workers);
      const [code, year] = key.split("|");
      const previous = clean.get(`${code}|${Number(year) - 1}`);
      if (!previous) continue;
      expect(row.members, key).toBe(previous.members + row.admitted - row.left);
      pairs++;
    }
    expect(pairs).toBeGreaterThan(50);
  });

  it("writes one membership file in Windows-1258 and one in decomposed Unicode", () => {
    const legacy = readFileSync(out(`union_membership.${YEARS[0] + 1}.csv`));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(legacy)).toThrow();
    const nfd = readFileSync(out(`union_membership.${YEARS[0] + 2}.csv`), "utf8");
    expect(nfd).not.toBe(nfd.normalize("NFC"));
    expect(nfd.normalize("NFC").startsWith("Mã CĐCS,Tên CĐCS,Năm")).toBe(true);
  });

  it("has units paying the union fee quarterly and yearly, quarterly ones in agriculture", async () => {
    const vsic = new Map(units.map((u) => [u.tax_code, u.vsic]));
    const payers = { QUARTER: new Set<string>(), YEAR: new Set<string>() };
    for (const y of years()) {
      const file = `union_finance.${y}.parquet`;
      const truth = byLine(ledgerOf(file));
      (await readParquet(out(file))).forEach((row, i) => {
        const period = text(row.ky);
        const unit = truth.get(i + 2)!.trueTaxCode;
        if (/^Q[1-4]\/\d{4}$/.test(period)) payers.QUARTER.add(unit);
        if (/^\d{4}$/.test(period)) payers.YEAR.add(unit);
      });
    }
    expect(payers.QUARTER.size).toBeGreaterThan(0);
    expect(payers.YEAR.size).toBeGreaterThan(0);
    for (const unit of payers.QUARTER) expect(["01", "02", "03"]).toContain(vsic.get(unit)!.slice(0, 2));
  });

  it("computes fee due from the valid SI rows and fee paid from the valid finance rows", async () => {
    const rates = RateTable.load();
    const due = new Map<string, number>();
    const paid = new Map<string, number>();
    const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
    const amount = (value: unknown) => Number(text(value).replace(/[.,]/g, ""));
    for (const y of years()) {
      const siFile = `si_contributions.${y}.csv`;
      const siTruth = byLine(ledgerOf(siFile));
      readCsv(out(siFile)).forEach((row, i) => {
        const truth = siTruth.get(i + 2)!;
        if (truth.expectedReason) return;
        const period = Object.values(row)[4];
        const month = Number(/(\d{1,2})\/\d{4}$/.exec(period)?.[1] ?? /^\d{4}-(\d{2})$/.exec(period)?.[1]);
        expect(month, period).toBeGreaterThanOrEqual(1);
        const stateBudget = Object.values(row)[8] !== ""; // ngan_sach_bao_dam: exempt from 1 July 2025 (rates.csv)
        add(
          due,
          `${truth.trueTaxCode}|${y}`,
          monthlyUnionFeeDue(amount(Object.values(row)[6]), rates.valueOn("union_fee_rate", dayOf(y, month, 1), false, stateBudget)),
        );
      });
      const financeFile = `union_finance.${y}.parquet`;
      const financeTruth = byLine(ledgerOf(financeFile));
      (await readParquet(out(financeFile))).forEach((row, i) => {
        const truth = financeTruth.get(i + 2)!;
        if (!truth.expectedReason) add(paid, `${truth.trueTaxCode}|${y}`, amount(row.kpcd_da_nop));
      });
    }
    let overpaid = 0;
    for (const r of unitYear) {
      const key = `${r.tax_code}|${r.year}`;
      expect(Number(r.fee_due), key).toBe(due.get(key) ?? 0);
      expect(Number(r.fee_paid), key).toBe(paid.get(key) ?? 0);
      expect(Number(r.arrears)).toBe(Math.max(0, Number(r.fee_due) - Number(r.fee_paid)));
      expect(r.nonpayer).toBe(String(Number(r.fee_due) > 0 && Number(r.fee_paid) === 0));
      if (Number(r.fee_paid) > Number(r.fee_due)) overpaid++;
    }
    expect(due.size).toBeGreaterThan(500);
    expect(overpaid).toBeGreaterThan(0);
    expect(unitYear.filter((r) => r.nonpayer === "true").length).toBeGreaterThan(0);
  });

  it("takes workers from the first present of stats, labour H2, labour H1 and the last SI month", async () => {
    const found = new Map<string, { stats?: number; h2?: number; h1?: number; si?: [number, number] }>();
    const at = (key: string) => found.get(key) ?? found.set(key, {}).get(key)!;
    for (const y of years()) {
      const statsFile = `stats_enterprise_survey.${y}.xlsx`;
      const statsTruth = byLine(ledgerOf(statsFile));
      (await readXlsx(out(statsFile))).forEach((row, i) => {
        const truth = statsTruth.get(i + 2)!;
        if (!truth.expectedReason) at(`${truth.trueTaxCode}|${row.Năm}`).stats = Number(row["Lao động"]);
      });
      const siFile = `si_contributions.${y}.csv`;
      const siTruth = byLine(ledgerOf(siFile));
      readCsv(out(siFile)).forEach((row, i) => {
        const truth = siTruth.get(i + 2)!;
        if (truth.expectedReason) return;
        const [, , , , period, workers] = Object.values(row);
        const month = Number(/(\d{1,2})\/\d{4}$/.exec(period)?.[1] ?? /^\d{4}-(\d{2})$/.exec(period)?.[1]);
        const facts = at(`${truth.trueTaxCode}|${y}`);
        if (!facts.si || facts.si[0] <= month) facts.si = [month, Number(workers)];
      });
    }
    const labourTruth = byLine(ledgerOf("labour_workforce_reports.json"));
    readJsonArray(out("labour_workforce_reports.json")).forEach((row, i) => {
      const truth = labourTruth.get(i + 2)!;
      if (truth.expectedReason) return;
      const half = /6 tháng (đầu|cuối) năm (\d{4})/.exec(text(row.ky));
      const year = half ? half[2] : text(row.nam);
      const facts = at(`${truth.trueTaxCode}|${year}`);
      if (half ? half[1] === "cuối" : Number(row.ky) === 2) facts.h2 = Number(row.tong_lao_dong);
      else facts.h1 = Number(row.tong_lao_dong);
    });
    for (const r of unitYear) {
      const facts = found.get(`${r.tax_code}|${r.year}`) ?? {};
      const [workers, source] =
        facts.stats !== undefined
          ? [facts.stats, "STATS"]
          : facts.h2 !== undefined
            ? [facts.h2, "LABOUR_H2"]
            : facts.h1 !== undefined
              ? [facts.h1, "LABOUR_H1"]
              : facts.si
                ? [facts.si[1], "SI"]
                : ["", "none"];
      expect([r.workers, r.workers_source], `${r.tax_code} ${r.year}`).toEqual([String(workers), source]);
    }
  });

  it("sums membership returns and finds agreements in force from the valid rows", () => {
    const sums = new Map<string, [number, number, number]>();
    for (const y of years()) {
      const file = `union_membership.${y}.csv`;
      const truth = byLine(ledgerOf(file));
      readCsv(out(file)).forEach((row, i) => {
        const expected = truth.get(i + 2)!;
        if (expected.expectedReason) return;
        const key = `${expected.trueTaxCode}|${y}`;
        const [m, a, l] = sums.get(key) ?? [0, 0, 0];
        sums.set(key, [m + Number(row["Số đoàn viên"]), a + Number(row["Kết nạp mới"]), l + Number(row.Giảm)]);
      });
    }
    const date = (value: unknown): number | null => {
      const t = text(value);
      if (!t) return null;
      if (/^\d{5}$/.test(t)) return Number(t) - 25569;
      const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
      if (iso) return dayOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
      const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t)!;
      return dayOf(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
    };
    const inForce = new Set<string>();
    const agreementTruth = byLine(ledgerOf("labour_collective_agreements.ndjson"));
    readNdjson(out("labour_collective_agreements.ndjson")).forEach((row, i) => {
      const expected = agreementTruth.get(i + 2)!;
      if (expected.expectedReason) return;
      const start = date(row.ngay_hieu_luc) ?? date(row.ngay_ky)!;
      const { year, month, day } = ((d) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }))(new Date(start * 86_400_000));
      const end =
        date(row.ngay_het_han) ?? Math.min(dayOf(year, month + Number(row.thoi_han_thang), day), dayOf(year, month + Number(row.thoi_han_thang) + 1, 0)) - 1;
      for (const y of years()) if (start <= dayOf(y, 12, 31) && dayOf(y, 12, 31) <= end) inForce.add(`${expected.trueTaxCode}|${y}`);
    });
    for (const r of unitYear) {
      const key = `${r.tax_code}|${r.year}`;
      const sum = sums.get(key);
      expect([r.members, r.new_members, r.left], key).toEqual(sum ? sum.map(String) : ["", "", ""]);
      expect(r.agreement_in_force, key).toBe(String(inForce.has(key)));
    }
    expect(inForce.size).toBeGreaterThan(30);
  });

  it("links unions exactly only through a valid tax code", async () => {
    const withUnion = unitYear.filter((r) => r.has_union === "true");
    expect(withUnion.length).toBeGreaterThan(50);
    expect(unitYear.filter((r) => r.has_union_exact === "true" && r.has_union !== "true")).toHaveLength(0);
    expect(withUnion.filter((r) => r.has_union_exact === "false").length).toBeGreaterThan(0);
    expect(withUnion.every((r) => /^CD\d{3}-\d{5}$/.test(r.union_code))).toBe(true);

    const registry = await readXlsx(out("union_grassroots_unions.xlsx"));
    const truth = byLine(ledgerOf("union_grassroots_unions.xlsx"));
    const seen = new Map<string, string>();
    let duplicates = 0;
    registry.forEach((row, i) => {
      const expected = truth.get(i + 2)!;
      const code = text(row["Mã CĐCS"]);
      const content = JSON.stringify(row);
      if (expected.dirt === "duplicate_identical") {
        expect(seen.get(code)).toBe(content);
        duplicates++;
      } else if (expected.expectedReason === "DUPLICATE_KEY") {
        expect(seen.get(code)).toBeDefined();
        expect(seen.get(code)).not.toBe(content);
        duplicates++;
      } else if (code) {
        expect(seen.has(code), code).toBe(false);
        seen.set(code, content);
      }
    });
    expect(duplicates).toBeGreaterThan(0);

    const unknown = ledger.filter((r) => r.expectedReason === "UNKNOWN_UNION");
    expect(unknown.length).toBeGreaterThan(0);
    for (const y of years()) {
      const file = `union_membership.${y}.csv`;
      const memberTruth = byLine(ledgerOf(file));
      readCsv(out(file)).forEach((row, i) => {
        const expected = memberTruth.get(i + 2)!;
        if (expected.expectedReason === "UNKNOWN_UNION") expect(seen.has(row["Mã CĐCS"])).toBe(false);
        else if (!expected.expectedReason) expect(seen.has(row["Mã CĐCS"]), row["Mã CĐCS"]).toBe(true);
      });
    }
  });

  it("writes the employer name of every union registry row without a usable tax code as agencies write it, counted by kind (_truth/names.csv)", async () => {
    const names = readCsv(out("_truth", "names.csv"));
    const unlinked = ledgerOf("union_grassroots_unions.xlsx").filter((r) => /^union_tax_code_/.test(r.dirt));
    expect(names.map((n) => Number(n.line_no))).toEqual(unlinked.map((r) => r.lineNo));
    expect(names.every((n) => n.file === "union_grassroots_unions.xlsx" && n.dataset === "union_grassroots_unions")).toBe(true);
    const registry = await readXlsx(out("union_grassroots_unions.xlsx"));
    const unitName = new Map(units.map((u) => [u.tax_code, u.name]));
    const truth = byLine(ledgerOf("union_grassroots_unions.xlsx"));
    for (const n of names) {
      expect(n.true_tax_code).toBe(truth.get(Number(n.line_no))!.trueTaxCode);
      expect(n.registered_name).toBe(unitName.get(n.true_tax_code));
      expect(text(registry[Number(n.line_no) - 2]["Tên đơn vị"]), n.line_no).toBe(n.written_name);
      if (n.name_kind === "as_registered") expect(n.written_name).toBe(n.registered_name);
      else expect(n.written_name).not.toBe(n.registered_name);
    }
    const counts: Record<string, number> = {};
    for (const n of names) counts[n.name_kind] = (counts[n.name_kind] ?? 0) + 1;
    const json = JSON.parse(readFileSync(out("_truth", "summary.json"), "utf8"));
    expect(json.nameKindsByDataset).toEqual({ union_grassroots_unions: counts });
    expect(Object.keys(counts).filter((k) => !["as_registered", "capitals_abbreviated", "spelled_out_no_diacritics"].includes(k)).length).toBeGreaterThan(0);
  });

  it("never reads the linker's name dictionary: the generator's name variants are its own", () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
      );
    const files = sources(fileURLToPath(new URL("../../etl/sample/", import.meta.url)));
    expect(files.length).toBeGreaterThan(20);
    // code, not comments (which may name the dictionary to say it is not read)
    const code = (f: string) =>
      readFileSync(f, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
    expect(files.filter((f) => /name_abbreviations|\/link\/|models\//.test(code(f)))).toEqual([]);
  });

  it("makes branches of registered enterprises, with names and places", () => {
    const codes = new Set(units.map((u) => u.tax_code));
    const branches = units.filter((u) => u.parent_tax_code);
    expect(branches.length / units.length).toBeGreaterThan(0.05);
    expect(branches.length / units.length).toBeLessThan(0.11);
    for (const branch of branches) {
      expect(codes.has(branch.parent_tax_code)).toBe(true);
      expect(branch.tax_code.startsWith(branch.parent_tax_code)).toBe(true);
      expect(branch.tax_code).toMatch(/^\d{13}$/);
      expect(isValidTaxCode(branch.tax_code)).toBe(true);
    }
    for (const unit of units) {
      expect(unit.tax_code.slice(0, 2)).toBe("32");
      expect(isValidTaxCode(unit.tax_code)).toBe(true);
      expect(unit.district_code).toMatch(/^4(6[1-9]|7[01])$/);
    }
    expect(units.some((u) => u.industrial_zone)).toBe(true);
    expect(new Set(units.map((u) => u.status))).toEqual(new Set(["ACTIVE", "SUSPENDED", "CLOSED"]));
  });
});

describe("SI arrears, the union-fee exemption and payment dates (_truth/unit_year_fees.csv)", () => {
  let fees: Record<string, string>[];
  const DAY = 86_400_000;
  const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY;
  const endOfMonth = (y: number, m: number) => day(y, m + 1, 0);
  const amount = (value: unknown) => Number(text(value).replace(/[.,]/g, ""));

  /** A finance period as written (`mm/yyyy`, `Q2/2024`, `2024` and their variants): grain, year, first and last month. */
  function periodOf(written: string): { grain: string; year: number; first: number; last: number } {
    const t = written.trim();
    let m = /^(?:Q|Quý )([1-4])[/ ](\d{4})$/.exec(t);
    if (m) return { grain: "QUARTER", year: Number(m[2]), first: Number(m[1]) * 3 - 2, last: Number(m[1]) * 3 };
    if (/^\d{4}$/.test(t)) return { grain: "YEAR", year: Number(t), first: 1, last: 12 };
    m = /(\d{1,2})\/(\d{4})$/.exec(t) ?? null;
    if (m) return { grain: "MONTH", year: Number(m[2]), first: Number(m[1]), last: Number(m[1]) };
    m = /^(\d{4})-(\d{2})$/.exec(t);
    if (m) return { grain: "MONTH", year: Number(m[1]), first: Number(m[2]), last: Number(m[2]) };
    throw new Error(`period ${written}`);
  }

  /** The deadline of a month or a quarter, by the rule as written in docs/DOMAIN.md (not by the generator's table). */
  const deadline = (year: number, firstMonth: number, lastMonth: number) => endOfMonth(year, lastMonth + (day(year, firstMonth, 1) >= day(2025, 7, 1) ? 1 : 0));

  const paidDay = (value: unknown) => {
    if (value instanceof Date) return value.getTime() / DAY;
    const [d, m, y] = text(value).split("/").map(Number);
    return day(y, m, d);
  };

  /** Every valid finance row: unit, period, fee, day received. */
  async function payments() {
    const out_: { unit: string; grain: string; year: number; first: number; last: number; fee: number; paidOn: number }[] = [];
    for (const y of years()) {
      const file = `union_finance.${y}.parquet`;
      const truth = byLine(ledgerOf(file));
      (await readParquet(out(file))).forEach((row, i) => {
        const expected = truth.get(i + 2)!;
        if (expected.expectedReason) return;
        out_.push({ unit: expected.trueTaxCode, ...periodOf(text(row.ky)), fee: amount(row.kpcd_da_nop), paidOn: paidDay(row.ngay_nop) });
      });
    }
    return out_;
  }

  beforeAll(() => {
    fees = readCsv(out("_truth", "unit_year_fees.csv"));
  });

  it("has one record per unit and year", () => {
    expect(fees).toHaveLength(UNITS * years().length);
    expect(Object.keys(fees[0])).toEqual([
      "tax_code",
      "year",
      "state_budget_funded",
      "fee_due",
      "si_arrears",
      "fee_paid_on_time",
      "fee_paid_late",
      "paid_late",
    ]);
    const due = new Map(unitYear.map((r) => [`${r.tax_code}|${r.year}`, r.fee_due]));
    for (const r of fees) expect(r.fee_due, `${r.tax_code} ${r.year}`).toBe(due.get(`${r.tax_code}|${r.year}`));
  });

  it("marks every SI row of a unit funded wholly by the state budget; from July 2025 it owes and pays no union fee", async () => {
    const flagged = new Map<string, Set<boolean>>();
    for (const y of years()) {
      const file = `si_contributions.${y}.csv`;
      const truth = byLine(ledgerOf(file));
      readCsv(out(file)).forEach((row, i) => {
        const unit = truth.get(i + 2)!.trueTaxCode;
        const flags = flagged.get(unit) ?? new Set<boolean>();
        flags.add(Object.values(row)[8] !== "");
        flagged.set(unit, flags);
      });
    }
    const exempt = [...flagged].filter(([, flags]) => flags.has(true)).map(([unit]) => unit);
    expect(exempt.length).toBeGreaterThanOrEqual(2);
    for (const unit of exempt) expect([...flagged.get(unit)!], unit).toEqual([true]);
    const truthExempt = new Set(fees.filter((r) => r.state_budget_funded === "true").map((r) => r.tax_code));
    expect([...truthExempt].sort()).toEqual([...exempt].sort());
    expect(fees.every((r) => r.state_budget_funded === "" || r.state_budget_funded === String(truthExempt.has(r.tax_code)))).toBe(true);
    const after = (await payments()).filter((p) => exempt.includes(p.unit) && day(p.year, p.first, 1) >= day(2025, 7, 1));
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((p) => p.fee !== 0)).toEqual([]);
  });

  it("dates payments around their deadlines: before, on the deadline, a day late and later; none after the snapshot", async () => {
    const classes = { before: 0, onDeadline: 0, dayLate: 0, later: 0 };
    for (const p of await payments()) {
      if (p.fee <= 0 || p.grain === "YEAR") continue;
      const due = deadline(p.year, p.first, p.last);
      expect(p.paidOn).toBeLessThanOrEqual(day(2025, 12, 31));
      expect(p.paidOn).toBeGreaterThanOrEqual(day(p.year, p.last, 5));
      if (p.paidOn < due) classes.before++;
      else if (p.paidOn === due) classes.onDeadline++;
      else if (p.paidOn === due + 1) classes.dayLate++;
      else classes.later++;
    }
    const all = classes.before + classes.onDeadline + classes.dayLate + classes.later;
    expect(classes.onDeadline).toBeGreaterThan(50);
    expect(classes.dayLate).toBeGreaterThan(5);
    expect(classes.later).toBeGreaterThan(50);
    expect((classes.before + classes.onDeadline) / all).toBeGreaterThan(0.7);
    expect((classes.before + classes.onDeadline) / all).toBeLessThan(0.97);
  });

  it("counts the fee of monthly and quarterly payments on time or late by the day received, and SI arrears at December's end", async () => {
    const expected = new Map<string, { onTime: number; late: number; yearly: number }>();
    for (const p of await payments()) {
      const key = `${p.unit}|${p.year}`;
      const sums = expected.get(key) ?? { onTime: 0, late: 0, yearly: 0 };
      expected.set(key, sums);
      if (p.grain === "YEAR") sums.yearly += p.fee;
      else if (p.paidOn <= deadline(p.year, p.first, p.last)) sums.onTime += p.fee;
      else sums.late += p.fee;
    }
    const december = new Map<string, number>();
    for (const y of years()) {
      const file = `si_contributions.${y}.csv`;
      const truth = byLine(ledgerOf(file));
      readCsv(out(file)).forEach((row, i) => {
        const t = truth.get(i + 2)!;
        const period = Object.values(row)[4];
        if (t.expectedReason || !/(^|\D)12\/\d{4}$|^\d{4}-12$/.test(period)) return;
        december.set(`${t.trueTaxCode}|${y}`, amount(Object.values(row)[7]));
      });
    }
    let judged = 0;
    let late = 0;
    for (const r of fees) {
      const key = `${r.tax_code}|${r.year}`;
      expect(Number(r.si_arrears), key).toBe(december.get(key) ?? 0);
      const sums = expected.get(key) ?? { onTime: 0, late: 0, yearly: 0 };
      // a yearly payment is spread over its months, each judged by its month's deadline: only the total is checked here
      expect(Number(r.fee_paid_on_time) + Number(r.fee_paid_late), key).toBe(sums.onTime + sums.late + sums.yearly);
      if (sums.yearly) continue;
      expect([Number(r.fee_paid_on_time), Number(r.fee_paid_late)], key).toEqual([sums.onTime, sums.late]);
      expect(r.paid_late, key).toBe(String(sums.late > 0));
      judged++;
      if (sums.late > 0) late++;
    }
    expect(judged).toBeGreaterThan(1000);
    expect(late).toBeGreaterThan(50);
    expect([...december.values()].filter((v) => v > 0).length).toBeGreaterThan(5);
  });
});
