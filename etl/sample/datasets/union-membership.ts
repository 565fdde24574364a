/**
 * `union_membership.<year>.csv`: yearly membership returns, one row per union existing
 * at year end, Vietnamese headers and an unknown `Tên CĐCS` column. The second year's
 * file is in Windows-1258, the third in decomposed Unicode (NFD), the others UTF-8.
 */
import type { DetectedEncoding } from "../../encoding/index.js";
import { type DirtKind, DirtScheduler } from "../dirt-scheduler.js";
import { badNumberText, type UnitRowContext } from "../dirty-values.js";
import type { DataFile } from "../output-files.js";
import { Random } from "../prng.js";
import type { GrassrootsUnion, MembershipReturn } from "../union-life.js";
import type { DatasetGenerator, SampleRun } from "./dataset-generator.js";

const HEADERS = ["Mã CĐCS", "Tên CĐCS", "Năm", "Số lao động", "Số đoàn viên", "Kết nạp mới", "Giảm", "Đoàn viên nữ"];

/** The file encoding by position of the year in the sample years. */
const ENCODING_BY_YEAR_OFFSET: Readonly<Record<number, DetectedEncoding>> = { 1: "windows-1258", 2: "utf-8-nfd" };

interface Context extends UnitRowContext {
  readonly union: GrassrootsUnion;
  readonly row: MembershipReturn;
}

const DIRT: DirtKind<Context>[] = [
  { name: "unknown_union", rate: 0.012, reason: "UNKNOWN_UNION" },
  { name: "missing:ma_cdcs", rate: 0.006, reason: "MISSING_REQUIRED" },
  { name: "missing:so_doan_vien", rate: 0.006, reason: "MISSING_REQUIRED" },
  { name: "missing:ket_nap_moi", rate: 0.006, reason: "MISSING_REQUIRED" },
  { name: "bad_number:so_doan_vien", rate: 0.008, reason: "BAD_NUMBER" },
  { name: "negative:ket_nap_moi", rate: 0.006, reason: "NEGATIVE", appliesTo: (c) => c.row.admitted > 0 },
  { name: "female_gt_members", rate: 0.008, reason: "INCONSISTENT" },
];

/** A code no union has: one digit too many, or a Quảng Bình district. */
function unknownUnionCode(code: string, random: Random): string {
  return random.chance(0.6) ? `${code}${random.int(0, 9)}` : `CD450-${code.slice(-5)}`;
}

export function unionMembership(run: SampleRun): DatasetGenerator {
  const random = Random.stream(run.seed, "dirt:union_membership");
  const dirt = new DirtScheduler(DIRT, random);
  const files = new Map<number, DataFile<readonly string[]>>();
  for (let year = run.firstYear; year <= run.lastYear; year++) {
    const encoding = ENCODING_BY_YEAR_OFFSET[year - run.firstYear] ?? "utf-8";
    files.set(year, run.files.csv("union_membership", String(year), HEADERS, { separator: ",", encoding }));
  }

  return {
    extraColumns: Object.fromEntries([...files.values()].map((f) => [f.file, ["Tên CĐCS"]])),
    emit(life, truth) {
      const { unit } = life;
      for (const union of life.unions) {
        for (const row of union.returns) {
          const fault = dirt.next({ unit, union, row });
          const name = fault?.name;
          const code = name === "missing:ma_cdcs" ? "" : name === "unknown_union" ? unknownUnionCode(union.code, random) : union.code;
          files
            .get(row.year)!
            .write(
              [
                code,
                union.name,
                String(row.year),
                String(row.workers),
                name === "missing:so_doan_vien" ? "" : name === "bad_number:so_doan_vien" ? badNumberText(row.members, random) : String(row.members),
                name === "missing:ket_nap_moi" ? "" : name === "negative:ket_nap_moi" ? `-${row.admitted}` : String(row.admitted),
                String(row.left),
                String(name === "female_gt_members" ? row.members + random.int(1, 5) : row.femaleMembers),
              ],
              { taxCode: unit.taxCode, dirt: name, reason: fault?.reason },
            );
          if (!fault?.reason) truth.membershipReturn(row.year, row.members, row.admitted, row.left);
        }
      }
    },
    finish() {},
  };
}
