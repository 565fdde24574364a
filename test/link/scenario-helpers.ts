import { quoteIdent, quoteLiteral } from "../../core/warehouse/sql-text.js";
import { rawValuesFromText } from "../../etl/ingest/raw-types.js";
import { checkDigitOf } from "../../etl/sample/tax-code.js";
import { DATASETS, type DatasetId } from "../../etl/sources/index.js";
import type { Warehouse } from "../../etl/warehouse/warehouse.js";

export type RawRow = Record<string, string | null>;

/** A valid 10-digit tax code from its first nine digits (which must not give check 10). */
export function taxCode(firstNine: string): string {
  const check = checkDigitOf(firstNine);
  if (check === null) throw new Error(`${firstNine}: no valid check digit`);
  return firstNine + check;
}

/** The code with one digit of its root changed so that the check digit fails. */
export function oneDigitChanged(code: string, at: number): string {
  for (let d = 1; d <= 9; d++) {
    const typed = code.slice(0, at) + ((Number(code[at]) + d) % 10) + code.slice(at + 1);
    if (checkDigitOf(typed.slice(0, 9)) !== Number(typed[9])) return typed;
  }
  throw new Error("no failing variant");
}

/** The code with the digits at `at` and `at + 1` swapped (they must differ, and the result must fail). */
export function twoDigitsSwapped(code: string, at: number): string {
  const typed = code.slice(0, at) + code[at + 1] + code[at] + code.slice(at + 2);
  if (checkDigitOf(typed.slice(0, 9)) === Number(typed[9])) throw new Error(`${typed} is valid`);
  return typed;
}

/** A tax registry row (tax_enterprises): an active unit founded 01/01/2000, data of 31/12/2024; `extra` adds or overrides columns. */
export function taxRow(code: string, name: string, commune: string, address: string, extra: RawRow = {}): RawRow {
  return {
    ma_so_thue: code,
    ten_doanh_nghiep: name,
    ma_xa: commune,
    dia_chi: address,
    ngay_thanh_lap: "01/01/2000",
    trang_thai: "Đang hoạt động",
    ngay_du_lieu: "31/12/2024",
    ...extra,
  };
}

/** A union registry row (union_grassroots_unions), named "Công đoàn cơ sở <employer>" (its code when the employer is not given). */
export function unionRow(
  code: string,
  employer: string | null,
  taxCode: string | null,
  commune: string | null,
  address: string | null,
  founded: string,
  dissolved: string | null = null,
): RawRow {
  return {
    ma_cdcs: code,
    ten_cdcs: `Công đoàn cơ sở ${employer ?? code}`,
    ma_so_thue: taxCode,
    ten_don_vi: employer,
    ma_xa: commune,
    dia_chi: address,
    ngay_thanh_lap: founded,
    ngay_giai_the: dissolved,
  };
}

/** Raw rows as ingest leaves them (the text as read, typed as ingest types it, named by the contract), in a new batch. */
export async function insertRaw(w: Warehouse, dataset: DatasetId, batchId: number, rows: RawRow[], asOf = "2024-12-31"): Promise<void> {
  await w.connection.run(
    `insert into lineage.batches (batch_id, dataset, file_path, file_name, file_format, sha256, file_bytes, as_of, status, started_at)
     values (${batchId}, '${dataset}', '/in/${dataset}.${batchId}.csv', '${dataset}.${batchId}.csv', 'csv', 'x${batchId}', 1, date '${asOf}', 'LOADED', now())`,
  );
  const names = DATASETS[dataset].columns.map((c) => c.name);
  for (const [i, row] of rows.entries()) {
    const unknown = Object.keys(row).filter((k) => !names.includes(k));
    if (unknown.length) throw new Error(`${dataset}: unknown column(s) ${unknown.join(", ")}`);
    const values = names.map((n) => (row[n] === undefined || row[n] === null ? "null" : quoteLiteral(row[n] as string)));
    const texts = names.map((n, j) => `${values[j]}::varchar as ${quoteIdent(n)}`).join(", ");
    const typed = rawValuesFromText(DATASETS[dataset], (n) => `t.${quoteIdent(n)}`);
    await w.connection.run(
      `insert into raw.${dataset} (batch_id, line_no, ${names.join(", ")}) select ${batchId}, ${i + 2}, ${typed} from (select ${texts}) t`,
    );
  }
}

/** Rows of a query as JSON-like objects (BIGINT as text, as DuckDB's JSON conversion gives them). */
export async function rows(w: Warehouse, sql: string): Promise<Record<string, unknown>[]> {
  return (await w.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Records an analyst's decision on a pair. */
export async function decide(w: Warehouse, dataset: string, sourceKey: string, taxCode: string, decision: "ACCEPT" | "REJECT", at: string): Promise<void> {
  await w.connection.run(
    `insert into link.decisions (dataset, source_key, tax_code, decision, decided_by, decided_at, note)
     values (${quoteLiteral(dataset)}, ${quoteLiteral(sourceKey)}, ${quoteLiteral(taxCode)}, '${decision}', 'analyst@ldld', timestamp '${at}', 'test')`,
  );
}

/** The first valid 10-digit code at or after `32` + `n` (7 digits). */
export function codeFrom(n: number): string {
  for (let k = n; ; k++) {
    const nine = `32${String(k).padStart(7, "0")}`;
    if (checkDigitOf(nine) !== null) return taxCode(nine);
  }
}

/** The review scenario's units: A (Công ty TNHH Minh Tâm) and B (Hợp tác xã Vận tải Triệu Phong). */
export const REVIEW_UNIT_A = codeFrom(7000);
export const REVIEW_UNIT_B = codeFrom(8000);
const REVIEW_ADDRESS_A = "Số 7 đường Lê Lợi, Phường Đông Giang, Thành phố Đông Hà, Tỉnh Quảng Trị";

/**
 * Two units and two unions without a usable tax code: U-A names A (the linker links it by
 * name), U-B carries B's code one digit off under another name (NAME_DISAGREES: the
 * review queue). Raw rows only; the caller builds.
 */
export async function insertReviewScenario(w: Warehouse): Promise<void> {
  await insertRaw(w, "tax_enterprises", 1, [
    { ma_so_thue: REVIEW_UNIT_A, ten_doanh_nghiep: "Công ty TNHH Minh Tâm", ma_xa: "19330", dia_chi: REVIEW_ADDRESS_A, ngay_du_lieu: "31/12/2024" },
    { ma_so_thue: REVIEW_UNIT_B, ten_doanh_nghiep: "Hợp tác xã Vận tải Triệu Phong", ma_xa: "19666", ngay_du_lieu: "31/12/2024" },
  ]);
  await insertRaw(w, "union_grassroots_unions", 2, [
    {
      ma_cdcs: "U-A",
      ten_cdcs: "CĐCS Công ty TNHH Minh Tâm",
      ten_don_vi: "CTY TNHH MINH TAM",
      ma_xa: "19330",
      dia_chi: REVIEW_ADDRESS_A,
      ngay_thanh_lap: "01/01/2020",
    },
    {
      ma_cdcs: "U-B",
      ten_cdcs: "CĐCS Công ty Sao Mai",
      ma_so_thue: oneDigitChanged(REVIEW_UNIT_B, 6),
      ten_don_vi: "Công ty Sao Mai",
      ngay_thanh_lap: "01/01/2021",
    },
  ]);
}
