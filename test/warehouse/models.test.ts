import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteIdent, quoteLiteral } from "../../core/warehouse/sql-text.js";
import { BuildFailedError, type BuildReport, buildWarehouse } from "../../etl/build/build-warehouse.js";
import { MODEL_MANIFEST, MODELS_DIR } from "../../etl/build/model-manifest.js";
import { loadDataTests } from "../../etl/build/model-tests.js";
import { rawValuesFromText } from "../../etl/ingest/raw-types.js";
import { DATASETS, type DatasetId } from "../../etl/sources/index.js";
import { openWarehouse, type Warehouse } from "../../etl/warehouse/warehouse.js";
import { builtShapes } from "../helpers/built-shapes.js";

// Tax codes with valid check digits (docs/SOURCES.md § Common value rules: weights 31,29,23,19,17,13,7,5,3).
const A = "3200001101"; // head office: tax + stats + SI + union + agreement + finance
const B = "3200001101001"; // A's branch: tax + labour H1 and H2
const C = "3200001119"; // only in social insurance (12 months)
const D = "3200001126"; // tax + stats 2024 + SI; union founded mid-2024; agreement effective 2025
const E = "3200001133"; // tax + labour H2 only; union dissolved 31/03/2024; agreement 2022-2025
const F = "3200001140"; // tax + labour H1 only + SI December; union arrives later (quarantine retry)
const G = "3200001158"; // tax + SI September–November only
const H = "3200001165"; // tax, dissolved 15/08/2023; stats 2023
const INVALID = "3200001102"; // fails its check digit

type Row = Record<string, string | null>;

async function rows(w: Warehouse, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await w.connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

async function addBatch(w: Warehouse, batchId: number, dataset: DatasetId, asOf: string): Promise<void> {
  await w.connection.run(
    `insert into lineage.batches (batch_id, dataset, file_path, file_name, file_format, sha256, file_bytes, as_of, status, started_at)
     values (${batchId}, '${dataset}', '/in/${dataset}.csv', '${dataset}.csv', 'csv', 'x${batchId}', 1, date '${asOf}', 'LOADED', now())`,
  );
}

/** Raw rows as ingest leaves them: the text as read, typed as ingest types it (etl/ingest/raw-types.ts), named by the contract. */
async function insertRaw(w: Warehouse, dataset: DatasetId, batchId: number, data: Row[], asOf = "2024-12-31"): Promise<void> {
  await addBatch(w, batchId, dataset, asOf);
  const names = DATASETS[dataset].columns.map((c) => c.name);
  for (const [i, row] of data.entries()) {
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

/** A membership row quarantined as UNKNOWN_UNION, with the file's original headers. */
async function quarantineMembership(w: Warehouse, batchId: number, lineNo: number, original: Record<string, string | null>): Promise<void> {
  await w.connection.run(
    `insert into quarantine.rejected_rows (batch_id, dataset, file_name, line_no, reason_code, message, original)
     values (${batchId}, 'union_membership', 'union_membership.2024.csv', ${lineNo}, 'UNKNOWN_UNION',
             'ma_cdcs: names no known row of union_grassroots_unions', ${quoteLiteral(JSON.stringify({ __line_no: lineNo, ...original }))}::json)`,
  );
}

const month = (m: number) => String(m).padStart(2, "0");

/** The hand-made province of the tests (see the constants above). */
async function loadScenario(w: Warehouse): Promise<void> {
  await insertRaw(w, "tax_enterprises", 1, [
    {
      ma_so_thue: A,
      ten_doanh_nghiep: "Công ty TNHH MTV Thực phẩm An Phú",
      loai_hinh: "Công ty trách nhiệm hữu hạn một thành viên",
      ma_xa: "19330",
      ma_huyen: "461",
      nganh_kinh_te: "1010",
      ngay_thanh_lap: "10/03/2015",
      trang_thai: "Đang hoạt động",
      ngay_du_lieu: "31/12/2024",
    },
    {
      ma_so_thue: "3200001101-001",
      ten_doanh_nghiep: "Chi nhánh Công ty TNHH MTV Thực phẩm An Phú tại Đông Lễ",
      loai_hinh: "Chi nhánh",
      ma_xa: "19336",
      nganh_kinh_te: "4711",
      ngay_thanh_lap: "2018-05-20",
      trang_thai: "Đang hoạt động",
      ma_so_thue_chu_quan: A,
      ngay_du_lieu: "31/12/2024",
    },
    {
      ma_so_thue: D,
      ten_doanh_nghiep: "Công ty Cổ phần Hải sản Cồn Cỏ",
      loai_hinh: "Công ty cổ phần",
      ma_xa: "19742",
      nganh_kinh_te: "A",
      ngay_thanh_lap: "15/01/2020",
      trang_thai: "Đang hoạt động",
      ngay_du_lieu: "31/12/2024",
    },
    {
      ma_so_thue: E,
      ten_doanh_nghiep: "Công ty TNHH Xây dựng Bình Minh",
      loai_hinh: "Công ty TNHH hai thành viên trở lên",
      ma_xa: "19333",
      nganh_kinh_te: "4100",
      ngay_thanh_lap: "01/04/2019",
      trang_thai: "Tạm ngừng kinh doanh có thời hạn",
      ngay_du_lieu: "31/12/2024",
    },
    {
      ma_so_thue: F,
      ten_doanh_nghiep: "Hợp tác xã Nông nghiệp Triệu Phong",
      loai_hinh: "Hợp tác xã",
      nganh_kinh_te: "0111",
      ngay_thanh_lap: "01/06/2021",
      trang_thai: "Đang hoạt động",
      ngay_du_lieu: "31/12/2024",
    },
    {
      ma_so_thue: G,
      ten_doanh_nghiep: "Doanh nghiệp tư nhân Minh Tâm",
      loai_hinh: "Doanh nghiệp tư nhân",
      nganh_kinh_te: "5610",
      ngay_thanh_lap: "08/08/2016",
      trang_thai: "Đang hoạt động",
      ngay_du_lieu: "31/12/2024",
    },
    {
      ma_so_thue: H,
      ten_doanh_nghiep: "Công ty TNHH Gỗ Trường Sơn",
      loai_hinh: "TNHH",
      nganh_kinh_te: "1610",
      ngay_thanh_lap: "02/02/2012",
      trang_thai: "Đã giải thể",
      ngay_cham_dut: "15/08/2023",
      ngay_du_lieu: "31/12/2024",
    },
  ]);
  // An older snapshot of A under its former name: the latest snapshot wins.
  await insertRaw(w, "tax_enterprises", 2, [
    {
      ma_so_thue: A,
      ten_doanh_nghiep: "Công ty TNHH An Phú (tên cũ)",
      loai_hinh: "Công ty TNHH",
      ma_xa: "19330",
      ngay_thanh_lap: "10/03/2015",
      trang_thai: "Đang hoạt động",
      ngay_du_lieu: "30/06/2024",
    },
  ]);
  await insertRaw(w, "stats_enterprise_survey", 3, [
    {
      nam: "2023",
      ma_so_thue: A,
      ten_doanh_nghiep: "Cty TNHH MTV Thực phẩm An Phú",
      loai_hinh_so_huu: "Ngoài nhà nước",
      lao_dong: "120",
      khu_cong_nghiep: "KCN Nam Đông Hà",
    },
    {
      nam: "2024",
      ma_so_thue: A,
      ten_doanh_nghiep: "Cty TNHH MTV Thực phẩm An Phú",
      loai_hinh_so_huu: "Ngoài nhà nước",
      lao_dong: "130",
      khu_cong_nghiep: "KCN Nam Đông Hà",
    },
    { nam: "2024", ma_so_thue: D, ten_doanh_nghiep: "CTCP Hải sản Cồn Cỏ", loai_hinh_so_huu: "Doanh nghiệp có vốn đầu tư nước ngoài", lao_dong: "25" },
    { nam: "2023", ma_so_thue: H, ten_doanh_nghiep: "Công ty TNHH Gỗ Trường Sơn", loai_hinh_so_huu: "Ngoài nhà nước", lao_dong: "50" },
  ]);
  await insertRaw(w, "labour_workforce_reports", 4, [
    { nam: "2024", ky: "1", ma_so_thue: "3200001101-001", ten_doanh_nghiep: "CN An Phú Đông Lễ", tong_lao_dong: "40" },
    { nam: null, ky: "6 tháng cuối năm 2024", ma_so_thue: "3200001101-001", ten_doanh_nghiep: "CN An Phú Đông Lễ", tong_lao_dong: "45" },
    { nam: "2024", ky: "2", ma_so_thue: E, ten_doanh_nghiep: "Công ty TNHH Xây dựng Bình Minh", tong_lao_dong: "60" },
    { nam: "2024", ky: "1", ma_so_thue: F, ten_doanh_nghiep: "HTX Nông nghiệp Triệu Phong", tong_lao_dong: "22" },
  ]);
  await insertRaw(w, "si_contributions", 5, [
    { ma_don_vi: "TA0001", ten_don_vi: "Công ty TNHH MTV Thực phẩm An Phú", ma_so_thue: A, ky: "01/2024", so_lao_dong: "118", quy_luong: "100000000" },
    { ma_don_vi: "TA0001", ten_don_vi: "Công ty TNHH MTV Thực phẩm An Phú", ma_so_thue: A, ky: "2024-02", so_lao_dong: "119", quy_luong: "100.000.000" },
    { ma_don_vi: "TA0001", ten_don_vi: "Công ty TNHH MTV Thực phẩm An Phú", ma_so_thue: A, ky: "Tháng 3/2024", so_lao_dong: "120", quy_luong: "100,000,000" },
    { ma_don_vi: "TA0002", ten_don_vi: "CN An Phú tại Cam Lộ", ma_so_thue: "3200001101-002", ky: "01/2024", so_lao_dong: "5", quy_luong: "10000000" },
    ...Array.from({ length: 12 }, (_, i) => ({
      ma_don_vi: "TC0001",
      ten_don_vi: "Công ty TNHH Dịch vụ Cát Tường",
      ma_so_thue: C,
      dia_chi: "12 Lê Lợi, Đông Hà",
      ky: `${month(i + 1)}/2024`,
      so_lao_dong: i === 11 ? "9" : "8",
      quy_luong: "50000025", // 2 % = 1,000,000.5 → 1,000,001 (half away from zero)
    })),
    { ma_don_vi: "TD0001", ten_don_vi: "CTCP Hải sản Cồn Cỏ", ma_so_thue: D, ky: "12/2024", so_lao_dong: "30", quy_luong: "40000000" },
    { ma_don_vi: "TF0001", ten_don_vi: "HTX Nông nghiệp Triệu Phong", ma_so_thue: F, ky: "12/2024", so_lao_dong: "30", quy_luong: "20000000" },
    ...[9, 10, 11].map((m) => ({
      ma_don_vi: "TG0001",
      ten_don_vi: "DNTN Minh Tâm",
      ma_so_thue: G,
      ky: `${month(m)}/2024`,
      so_lao_dong: String(m + 6), // 15, 16, 17
      quy_luong: "50000024", // 2 % = 1,000,000.48 → 1,000,000
    })),
    { ma_don_vi: "TZ0001", ten_don_vi: "Cơ sở không rõ", ma_so_thue: INVALID, ky: "05/2024", so_lao_dong: "3", quy_luong: "9000000" },
  ]);
  await insertRaw(w, "union_grassroots_unions", 6, [
    {
      ma_cdcs: "U-A",
      ten_cdcs: "CĐCS Công ty TNHH MTV Thực phẩm An Phú",
      ma_so_thue: A,
      cong_doan_cap_tren: "LĐLĐ thành phố Đông Hà",
      khu_vuc: "Ngoài nhà nước",
      ngay_thanh_lap: "01/05/2010",
    },
    {
      ma_cdcs: "U-D",
      ten_cdcs: "CĐCS CTCP Hải sản Cồn Cỏ",
      ma_so_thue: D,
      cong_doan_cap_tren: "Công đoàn các KCN tỉnh",
      khu_vuc: "FDI",
      ngay_thanh_lap: "15/07/2024",
    },
    {
      ma_cdcs: "U-E",
      ten_cdcs: "CĐCS Công ty TNHH Xây dựng Bình Minh",
      ma_so_thue: E,
      cong_doan_cap_tren: "LĐLĐ huyện Gio Linh",
      khu_vuc: "NGOAI_NHA_NUOC",
      ngay_thanh_lap: "2019-01-01",
      ngay_giai_the: "31/03/2024",
    },
    { ma_cdcs: "U-X", ten_cdcs: "CĐCS Quán ăn Minh Tâm", ten_don_vi: "Quán ăn Minh Tâm", khu_vuc: "Khác", ngay_thanh_lap: "01/01/2022" },
    { ma_cdcs: "U-G", ten_cdcs: "CĐCS Công ty ABC", ma_so_thue: INVALID, ten_don_vi: "Công ty ABC", ngay_thanh_lap: "01/01/2020" },
  ]);
  await insertRaw(w, "union_membership", 7, [
    { ma_cdcs: "U-A", nam: "2023", so_doan_vien: "94", ket_nap_moi: "5", giam: "1" },
    { ma_cdcs: "U-A", nam: "2024", so_doan_vien: "100", ket_nap_moi: "10", giam: "4" },
    { ma_cdcs: "U-X", nam: "2024", so_doan_vien: "30", ket_nap_moi: "2", giam: "0" },
  ]);
  // Two membership rows of batch 7 named unions the registry did not know yet.
  await quarantineMembership(w, 7, 5, { "Mã CĐCS": "U-F", Năm: "2024", "Số đoàn viên": "18", "Kết nạp mới": "18", Giảm: null, "Ghi chú": "CĐCS mới" });
  await quarantineMembership(w, 7, 6, { "Mã CĐCS": "U-NONE", Năm: "2024", "Số đoàn viên": "7", "Kết nạp mới": "7", Giảm: null, "Ghi chú": null });
  // The union of the first one arrives in a later batch.
  await insertRaw(w, "union_grassroots_unions", 8, [
    { ma_cdcs: "U-F", ten_cdcs: "CĐCS HTX Nông nghiệp Triệu Phong", ma_so_thue: F, cong_doan_cap_tren: "LĐLĐ huyện Triệu Phong", ngay_thanh_lap: "01/02/2024" },
  ]);
  await insertRaw(w, "labour_collective_agreements", 9, [
    { ma_so_thue: A, ngay_ky: "01/06/2023", thoi_han_thang: "24", so_nld_ap_dung: "118" }, // 2023-06-01 .. 2025-05-31
    { ma_so_thue: E, ngay_ky: "15/12/2021", ngay_hieu_luc: "01/01/2022", ngay_het_han: "31/12/2025" },
    { ma_so_thue: D, ngay_ky: "01/10/2024", ngay_hieu_luc: "01/01/2025", thoi_han_thang: "12" }, // not yet in force on 31/12/2024
  ]);
  await insertRaw(w, "union_finance", 10, [
    { ma_so_thue: A, ma_cdcs: "U-A", ky: "Q1/2024", kpcd_da_nop: "1.000.000", doan_phi_da_nop: "200000", ngay_nop: "20/04/2024" },
    { ma_so_thue: A, ma_cdcs: "U-A", ky: "2024", kpcd_da_nop: "500000", doan_phi_da_nop: "0" },
    { ma_so_thue: A, ma_cdcs: "U-A", ky: "12/2023", kpcd_da_nop: "300000", doan_phi_da_nop: "50000" },
    { ma_so_thue: D, ky: "2024", kpcd_da_nop: "900000" },
  ]);
}

describe("warehouse models on a hand-made province", () => {
  let w: Warehouse;
  let report: BuildReport;
  const mart = async (taxCode: string, year: number) => {
    const found = await rows(w, `select * from main.mart_unit_year where tax_code = '${taxCode}' and year = ${year}`);
    expect(found).toHaveLength(1);
    return found[0];
  };

  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await loadScenario(w);
    report = await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  it("reports every model with its rows and time, every data test, and the released rows", async () => {
    expect(report.models.map((m) => m.model)).toEqual(MODEL_MANIFEST.map((m) => m.name));
    expect(report.rowsByModel.mart_unit_year).toBe(15);
    expect(report.rowsByModel.dim_employer_unit).toBe(8);
    expect(report.rowsByModel.dim_admin_unit).toBe(264);
    expect(report.rowsByModel.dim_sector).toBe(21);
    expect(report.rowsByModel.dim_date).toBe(6209);
    expect(report.rowsByModel.fct_si_monthly).toBe(20);
    expect(report.references.find((r) => r.table === "rates")?.rows).toBe(10);
    expect(report.references.find((r) => r.table === "payment_deadlines")?.rows).toBe(4);
    expect(Object.keys(report.secondsByModel)).toHaveLength(MODEL_MANIFEST.length);
    expect(report.testsRun).toBe((await loadDataTests()).length);
    expect(report.tests.every((t) => t.failures === 0)).toBe(true);
    expect(report.rowsReleased).toBe(1);
    expect(report.rowsPending).toBe(1);
  });

  // The agreed columns are queries/database.ts's MartUnitYearTable, which test/warehouse/database-columns.test.ts holds to the build (names, order, types).
  it("gives mart_unit_year on data the columns and types of the build over empty inputs", async () => {
    const described = await rows(w, "describe main.mart_unit_year");
    const built = (await builtShapes()).get("main.mart_unit_year")!.columns;
    expect(described.map((c) => [c.column_name, c.column_type])).toEqual(built.map((c) => [c.name, c.type]));
  });

  it("has one row per unit and year, from each unit's first year to the last year with data", async () => {
    const grain = await rows(w, "select count(*) as n, count(distinct (tax_code, year)) as keys from main.mart_unit_year");
    expect(grain).toEqual([{ n: "15", keys: "15" }]);
    const years = await rows(w, "select tax_code, list(year order by year) as years from main.mart_unit_year group by tax_code order by tax_code");
    expect(years).toEqual([
      { tax_code: A, years: [2023, 2024] },
      { tax_code: B, years: [2023, 2024] },
      { tax_code: C, years: [2024] }, // known only from SI from January 2024
      { tax_code: D, years: [2023, 2024] },
      { tax_code: E, years: [2023, 2024] },
      { tax_code: F, years: [2023, 2024] },
      { tax_code: G, years: [2023, 2024] },
      { tax_code: H, years: [2023, 2024] },
    ]);
  });

  it("builds units from the latest tax snapshot plus units known only to other sources", async () => {
    const units = await rows(w, "select tax_code, registry_source, parent_tax_code, name, legal_form, status from main.int_employer_units order by tax_code");
    expect(units).toEqual([
      { tax_code: A, registry_source: "TAX", parent_tax_code: null, name: "Công ty TNHH MTV Thực phẩm An Phú", legal_form: "TNHH_1TV", status: "ACTIVE" },
      {
        tax_code: B,
        registry_source: "TAX",
        parent_tax_code: A,
        name: "Chi nhánh Công ty TNHH MTV Thực phẩm An Phú tại Đông Lễ",
        legal_form: "CHI_NHANH",
        status: "ACTIVE",
      },
      { tax_code: C, registry_source: "SI", parent_tax_code: null, name: "Công ty TNHH Dịch vụ Cát Tường", legal_form: null, status: null },
      { tax_code: D, registry_source: "TAX", parent_tax_code: null, name: "Công ty Cổ phần Hải sản Cồn Cỏ", legal_form: "CO_PHAN", status: "ACTIVE" },
      { tax_code: E, registry_source: "TAX", parent_tax_code: null, name: "Công ty TNHH Xây dựng Bình Minh", legal_form: "TNHH_2TV", status: "SUSPENDED" },
      { tax_code: F, registry_source: "TAX", parent_tax_code: null, name: "Hợp tác xã Nông nghiệp Triệu Phong", legal_form: "HTX", status: "ACTIVE" },
      { tax_code: G, registry_source: "TAX", parent_tax_code: null, name: "Doanh nghiệp tư nhân Minh Tâm", legal_form: "DNTN", status: "ACTIVE" },
      { tax_code: H, registry_source: "TAX", parent_tax_code: null, name: "Công ty TNHH Gỗ Trường Sơn", legal_form: "TNHH_2TV", status: "CLOSED" },
    ]);
  });

  it("links by exact tax code, by the 10-digit root for an unregistered branch, and keeps unlinked rows", async () => {
    const links = await rows(
      w,
      `select dataset, source_key, tax_code, method, confidence from main.int_unit_links
       where (dataset, source_key) in (('si_contributions', 'TA0001'), ('si_contributions', 'TA0002'), ('si_contributions', 'TZ0001'),
                                       ('union_grassroots_unions', 'U-X'), ('union_grassroots_unions', 'U-G'),
                                       ('union_membership', 'U-X'), ('union_membership', 'U-F'), ('labour_workforce_reports', '${B}'))
       group by all order by dataset, source_key, tax_code`,
    );
    expect(links).toEqual([
      { dataset: "labour_workforce_reports", source_key: B, tax_code: B, method: "EXACT_TAX_CODE", confidence: 1 },
      { dataset: "si_contributions", source_key: "TA0001", tax_code: A, method: "EXACT_TAX_CODE", confidence: 1 },
      { dataset: "si_contributions", source_key: "TA0002", tax_code: A, method: "TAX_ROOT", confidence: 1 },
      { dataset: "si_contributions", source_key: "TZ0001", tax_code: null, method: "UNLINKED", confidence: 0 },
      { dataset: "union_grassroots_unions", source_key: "U-G", tax_code: null, method: "UNLINKED", confidence: 0 },
      { dataset: "union_grassroots_unions", source_key: "U-X", tax_code: null, method: "UNLINKED", confidence: 0 },
      { dataset: "union_membership", source_key: "U-F", tax_code: F, method: "EXACT_TAX_CODE", confidence: 1 },
      { dataset: "union_membership", source_key: "U-X", tax_code: null, method: "UNLINKED", confidence: 0 },
    ]);
    const counts = await rows(
      w,
      `select dataset, count(*) as n, count(*) filter (where tax_code is null) as unlinked from main.int_unit_links group by dataset order by dataset`,
    );
    expect(counts).toEqual([
      { dataset: "labour_collective_agreements", n: "3", unlinked: "0" },
      { dataset: "labour_workforce_reports", n: "4", unlinked: "0" },
      { dataset: "si_contributions", n: "22", unlinked: "1" },
      { dataset: "stats_enterprise_survey", n: "4", unlinked: "0" },
      { dataset: "tax_enterprises", n: "8", unlinked: "0" },
      { dataset: "union_finance", n: "4", unlinked: "0" },
      { dataset: "union_grassroots_unions", n: "6", unlinked: "2" },
      { dataset: "union_membership", n: "4", unlinked: "1" },
    ]);
  });

  it("takes workers by precedence: statistics, labour H2, labour H1, then SI's last month with a record", async () => {
    const workers = await rows(w, `select tax_code, year, workers, workers_source, size_band, in_scope_20 from main.mart_unit_year order by tax_code, year`);
    expect(workers).toEqual([
      { tax_code: A, year: 2023, workers: 120, workers_source: "STATS", size_band: "50-199", in_scope_20: true },
      { tax_code: A, year: 2024, workers: 130, workers_source: "STATS", size_band: "50-199", in_scope_20: true }, // SI says 120
      { tax_code: B, year: 2023, workers: null, workers_source: "NONE", size_band: null, in_scope_20: false },
      { tax_code: B, year: 2024, workers: 45, workers_source: "LABOUR_H2", size_band: "20-49", in_scope_20: true }, // H1 says 40
      { tax_code: C, year: 2024, workers: 9, workers_source: "SI", size_band: "5-19", in_scope_20: false }, // December
      { tax_code: D, year: 2023, workers: null, workers_source: "NONE", size_band: null, in_scope_20: false },
      { tax_code: D, year: 2024, workers: 25, workers_source: "STATS", size_band: "20-49", in_scope_20: true }, // SI says 30
      { tax_code: E, year: 2023, workers: null, workers_source: "NONE", size_band: null, in_scope_20: false },
      { tax_code: E, year: 2024, workers: 60, workers_source: "LABOUR_H2", size_band: "50-199", in_scope_20: true },
      { tax_code: F, year: 2023, workers: null, workers_source: "NONE", size_band: null, in_scope_20: false },
      { tax_code: F, year: 2024, workers: 22, workers_source: "LABOUR_H1", size_band: "20-49", in_scope_20: true }, // SI December says 30
      { tax_code: G, year: 2023, workers: null, workers_source: "NONE", size_band: null, in_scope_20: false },
      { tax_code: G, year: 2024, workers: 17, workers_source: "SI", size_band: "5-19", in_scope_20: false }, // November, the last month
      { tax_code: H, year: 2023, workers: 50, workers_source: "STATS", size_band: "50-199", in_scope_20: false }, // closed 15/08/2023
      { tax_code: H, year: 2024, workers: null, workers_source: "NONE", size_band: null, in_scope_20: false },
    ]);
    const g = await rows(w, `select si_workers, si_last_month from main.int_unit_year_workers where tax_code = '${G}' and year = 2024`);
    expect(g).toEqual([{ si_workers: 17, si_last_month: "2024-11-01" }]);
  });

  it("marks units active from registration (or first evidence) until closing", async () => {
    const active = await rows(w, "select tax_code, year, active from main.mart_unit_year where not active order by tax_code, year");
    expect(active).toEqual([
      { tax_code: H, year: 2023, active: false },
      { tax_code: H, year: 2024, active: false },
    ]);
    expect(await mart(H, 2023)).toMatchObject({ status: "CLOSED", closed_on: "2023-08-15", registered_on: "2012-02-02" });
    expect(await mart(E, 2024)).toMatchObject({ status: "SUSPENDED", active: true });
    expect(await mart(C, 2024)).toMatchObject({ status: null, registered_on: null, active: true });
  });

  it("has a union on 31/12/Y when a linked CĐCS was founded by then and not dissolved by then", async () => {
    const unions = await rows(
      w,
      `select tax_code, year, has_union, union_codes, upper_union from main.mart_unit_year where has_union or tax_code in ('${D}', '${E}', '${F}') order by tax_code, year`,
    );
    expect(unions).toEqual([
      { tax_code: A, year: 2023, has_union: true, union_codes: ["U-A"], upper_union: "LĐLĐ thành phố Đông Hà" },
      { tax_code: A, year: 2024, has_union: true, union_codes: ["U-A"], upper_union: "LĐLĐ thành phố Đông Hà" },
      { tax_code: D, year: 2023, has_union: false, union_codes: [], upper_union: null },
      { tax_code: D, year: 2024, has_union: true, union_codes: ["U-D"], upper_union: "Công đoàn các KCN tỉnh" }, // founded 15/07/2024
      { tax_code: E, year: 2023, has_union: true, union_codes: ["U-E"], upper_union: "LĐLĐ huyện Gio Linh" },
      { tax_code: E, year: 2024, has_union: false, union_codes: [], upper_union: null }, // dissolved 31/03/2024
      { tax_code: F, year: 2023, has_union: false, union_codes: [], upper_union: null },
      { tax_code: F, year: 2024, has_union: true, union_codes: ["U-F"], upper_union: "LĐLĐ huyện Triệu Phong" },
    ]);
  });

  it("counts an agreement in force on 31/12/Y only for units with a union", async () => {
    const agreements = await rows(w, "select agreement_key, tax_code, effective_on, expires_on, expiry_source from main.fct_agreements order by agreement_key");
    expect(agreements).toEqual([
      { agreement_key: `${A}|2023-06-01`, tax_code: A, effective_on: "2023-06-01", expires_on: "2025-05-31", expiry_source: "TERM_MONTHS" },
      { agreement_key: `${D}|2024-10-01`, tax_code: D, effective_on: "2025-01-01", expires_on: "2025-12-31", expiry_source: "TERM_MONTHS" },
      { agreement_key: `${E}|2021-12-15`, tax_code: E, effective_on: "2022-01-01", expires_on: "2025-12-31", expiry_source: "EXPIRY_DATE" },
    ]);
    const inForce = await rows(w, "select tax_code, year from main.mart_unit_year where agreement_in_force order by tax_code, year");
    expect(inForce).toEqual([
      { tax_code: A, year: 2023 },
      { tax_code: A, year: 2024 },
      { tax_code: E, year: 2023 }, // in 2024 E's agreement still runs, but its union was dissolved
    ]);
    expect(await mart(D, 2024)).toMatchObject({ has_union: true, agreement_in_force: false }); // effective 01/01/2025
  });

  it("computes the union fee due at 2 % per unit-month, rounded half away from zero, in BIGINT", async () => {
    const c = await rows(w, `select union_fee_rate, union_fee_due, salary_fund from main.fct_si_monthly where tax_code = '${C}' and month = date '2024-05-01'`);
    expect(c).toEqual([{ union_fee_rate: "0.020000", union_fee_due: "1000001", salary_fund: "50000025" }]);
    const g = await rows(w, `select union_fee_due from main.fct_si_monthly where tax_code = '${G}' and month = date '2024-09-01'`);
    expect(g).toEqual([{ union_fee_due: "1000000" }]);
    // A's January adds its unregistered branch 002 (TAX_ROOT): 110,000,000 × 2 %.
    const a = await rows(
      w,
      `select si_unit_codes, insured_workers, salary_fund, union_fee_due from main.fct_si_monthly where tax_code = '${A}' and month = date '2024-01-01'`,
    );
    expect(a).toEqual([{ si_unit_codes: ["TA0001", "TA0002"], insured_workers: 123, salary_fund: "110000000", union_fee_due: "2200000" }]);
    const types = await rows(w, "select column_name, column_type from (describe main.fct_si_monthly) where column_name in ('salary_fund', 'union_fee_due')");
    expect(types).toEqual([
      { column_name: "salary_fund", column_type: "BIGINT" },
      { column_name: "union_fee_due", column_type: "BIGINT" },
    ]);
  });

  it("sums fees paid over the periods inside the year, with arrears and non-payers", async () => {
    const finance = await rows(
      w,
      `select tax_code, year, si_months, salary_fund, fee_due, fee_paid, arrears, member_dues_paid, nonpayer
       from main.mart_unit_year where salary_fund > 0 or fee_paid > 0 order by tax_code, year`,
    );
    expect(finance).toEqual([
      { tax_code: A, year: 2023, si_months: 0, salary_fund: "0", fee_due: "0", fee_paid: "300000", arrears: "0", member_dues_paid: "50000", nonpayer: false },
      {
        tax_code: A,
        year: 2024,
        si_months: 3,
        salary_fund: "310000000",
        fee_due: "6200000",
        fee_paid: "1500000",
        arrears: "4700000",
        member_dues_paid: "200000",
        nonpayer: false,
      },
      {
        tax_code: C,
        year: 2024,
        si_months: 12,
        salary_fund: "600000300",
        fee_due: "12000012",
        fee_paid: "0",
        arrears: "12000012",
        member_dues_paid: "0",
        nonpayer: true,
      },
      {
        tax_code: D,
        year: 2024,
        si_months: 1,
        salary_fund: "40000000",
        fee_due: "800000",
        fee_paid: "900000",
        arrears: "0",
        member_dues_paid: "0",
        nonpayer: false,
      },
      {
        tax_code: F,
        year: 2024,
        si_months: 1,
        salary_fund: "20000000",
        fee_due: "400000",
        fee_paid: "0",
        arrears: "400000",
        member_dues_paid: "0",
        nonpayer: true,
      },
      {
        tax_code: G,
        year: 2024,
        si_months: 3,
        salary_fund: "150000072",
        fee_due: "3000000",
        fee_paid: "0",
        arrears: "3000000",
        member_dues_paid: "0",
        nonpayer: true,
      },
    ]);
    // A (section C) may not pay quarterly: its Q1 payment, received 20/04/2024, is judged month by month
    // (deadlines 31/01, 29/02, 31/03): all late. Payments without a date are neither on time nor late.
    const timing = await rows(
      w,
      `select tax_code, year, fee_paid_on_time, fee_paid_late, paid_late from main.mart_unit_year where fee_paid > 0 order by tax_code, year`,
    );
    expect(timing).toEqual([
      { tax_code: A, year: 2023, fee_paid_on_time: "0", fee_paid_late: "0", paid_late: false },
      { tax_code: A, year: 2024, fee_paid_on_time: "0", fee_paid_late: "1000000", paid_late: true },
      { tax_code: D, year: 2024, fee_paid_on_time: "0", fee_paid_late: "0", paid_late: false },
    ]);
    const payments = await rows(
      w,
      `select period_key, period_grain, period_start, period_end, year, quarter, month, fee_paid from main.fct_finance where tax_code = '${A}' order by period_start, period_grain`,
    );
    expect(payments).toEqual([
      {
        period_key: "MONTH:2023-12",
        period_grain: "MONTH",
        period_start: "2023-12-01",
        period_end: "2023-12-31",
        year: 2023,
        quarter: 4,
        month: 12,
        fee_paid: "300000",
      },
      {
        period_key: "QUARTER:2024-01",
        period_grain: "QUARTER",
        period_start: "2024-01-01",
        period_end: "2024-03-31",
        year: 2024,
        quarter: 1,
        month: null,
        fee_paid: "1000000",
      },
      {
        period_key: "YEAR:2024-01",
        period_grain: "YEAR",
        period_start: "2024-01-01",
        period_end: "2024-12-31",
        year: 2024,
        quarter: null,
        month: null,
        fee_paid: "500000",
      },
    ]);
  });

  it("counts members, new and left members, as 0 when there is no return", async () => {
    const members = await rows(
      w,
      "select tax_code, year, members, new_members, left_members from main.mart_unit_year where members > 0 order by tax_code, year",
    );
    expect(members).toEqual([
      { tax_code: A, year: 2023, members: 94, new_members: 5, left_members: 1 },
      { tax_code: A, year: 2024, members: 100, new_members: 10, left_members: 4 },
      { tax_code: F, year: 2024, members: 18, new_members: 18, left_members: 0 }, // released from the quarantine
    ]);
    expect(await mart(B, 2024)).toMatchObject({ members: 0, new_members: 0, left_members: 0, si_months: 0, fee_due: "0" });
    const unlinked = await rows(w, "select union_code, year, tax_code, members from main.fct_membership_yearly where tax_code is null");
    expect(unlinked).toEqual([{ union_code: "U-X", year: 2024, tax_code: null, members: 30 }]);
  });

  it("attaches administrative units old and new, sector, ownership and industrial zone", async () => {
    const attributes = await rows(
      w,
      `select tax_code, commune_code, district_code, new_commune_code, new_province_code, vsic, sector_section, ownership, industrial_zone, name_folded
       from main.mart_unit_year where year = 2024 and tax_code in ('${A}', '${B}', '${D}', '${E}', '${F}') order by tax_code`,
    );
    expect(attributes).toEqual([
      {
        tax_code: A,
        commune_code: "19330",
        district_code: "461",
        new_commune_code: "19333",
        new_province_code: "44",
        vsic: "1010",
        sector_section: "C",
        ownership: "NON_STATE",
        industrial_zone: "KCN Nam Đông Hà",
        name_folded: "cong ty tnhh mtv thuc pham an phu",
      },
      {
        tax_code: B,
        commune_code: "19336",
        district_code: "461",
        new_commune_code: "19351",
        new_province_code: "44",
        vsic: "4711",
        sector_section: "G",
        ownership: null,
        industrial_zone: null,
        name_folded: "chi nhanh cong ty tnhh mtv thuc pham an phu tai dong le",
      },
      {
        tax_code: D,
        commune_code: "19742",
        district_code: "471",
        new_commune_code: "19742",
        new_province_code: "44",
        vsic: "A",
        sector_section: "A",
        ownership: "FDI",
        industrial_zone: null,
        name_folded: "cong ty co phan hai san con co",
      },
      {
        tax_code: E,
        commune_code: "19333",
        district_code: "461",
        new_commune_code: "19333",
        new_province_code: "44",
        vsic: "4100",
        sector_section: "F",
        ownership: "NON_STATE",
        industrial_zone: null,
        name_folded: "cong ty tnhh xay dung binh minh",
      },
      {
        tax_code: F,
        commune_code: null,
        district_code: null,
        new_commune_code: null,
        new_province_code: null,
        vsic: "0111",
        sector_section: "A",
        ownership: null,
        industrial_zone: null,
        name_folded: "hop tac xa nong nghiep trieu phong",
      },
    ]);
    const dim = await rows(w, `select size_band, latest_workers_year, source_datasets from main.dim_employer_unit where tax_code = '${G}'`);
    expect(dim).toEqual([{ size_band: "5-19", latest_workers_year: 2024, source_datasets: ["si_contributions", "tax_enterprises"] }]);
  });

  it("keeps both provinces and the split commune in dim_admin_unit, and VSIC sections and days in their dims", async () => {
    const provinces = await rows(w, "select province_code, count(*) as communes from main.dim_admin_unit group by all order by 1");
    expect(provinces).toEqual([
      { province_code: "44", communes: "145" },
      { province_code: "45", communes: "119" },
    ]);
    const split = await rows(
      w,
      "select commune_code, district_code, new_commune_code, new_commune_codes, is_split from main.dim_admin_unit where commune_code = '19039'",
    );
    expect(split).toEqual([{ commune_code: "19039", district_code: "454", new_commune_code: "19030", new_commune_codes: ["19030", "19075"], is_split: true }]);
    const sector = await rows(w, "select section, divisions from main.dim_sector where section in ('C', 'L') order by section");
    expect(sector).toEqual([
      { section: "C", divisions: "10-33" },
      { section: "L", divisions: "68" },
    ]);
    const day = await rows(w, "select min(date) as first, max(date) as last, count(*) filter (where half = 2 and year = 2024) as h2_2024 from main.dim_date");
    expect(day).toEqual([{ first: "2015-01-01", last: "2031-12-31", h2_2024: "184" }]);
  });

  it("maps agency wording to codes through the seed tables", async () => {
    const mapped = await rows(
      w,
      `select mdl.legal_form('CÔNG TY TNHH MTV') as a, mdl.legal_form('Cty TNHH 1TV') as b, mdl.legal_form('Công ty cổ phần') as c,
              mdl.legal_form('Văn phòng đại diện') as d, mdl.legal_form('Doanh nghiệp nhà nước') as e, mdl.legal_form('Công ty hợp danh') as f,
              mdl.legal_form('Loại khác') as g, mdl.legal_form('') as h,
              mdl.unit_status('NNT ngừng hoạt động và đã hoàn thành thủ tục chấm dứt hiệu lực MST') as s1, mdl.unit_status('Tạm ngừng hoạt động') as s2,
              mdl.ownership('Doanh nghiệp Nhà nước') as o1, mdl.ownership('FDI') as o2,
              mdl.vsic_section(mdl.vsic_code('C1010')) as v1, mdl.vsic_section(mdl.vsic_code('99000')) as v2, mdl.vsic_section(mdl.vsic_code('35')) as v3,
              mdl.half_year('2024-H2') as hy, mdl.half_no('2024-H2') as hn`,
    );
    expect(mapped).toEqual([
      {
        a: "TNHH_1TV",
        b: "TNHH_1TV",
        c: "CO_PHAN",
        d: "VP_DAI_DIEN",
        e: "DNNN",
        f: "HOP_DANH",
        g: "KHAC",
        h: null,
        s1: "CLOSED",
        s2: "SUSPENDED",
        o1: "STATE",
        o2: "FDI",
        v1: "C",
        v2: "U",
        v3: "D",
        hy: 2024,
        hn: 2,
      },
    ]);
  });

  it("released the quarantined membership row once, mapping its original headers", async () => {
    const released = await rows(
      w,
      "select ma_cdcs, nam, so_doan_vien, ket_nap_moi, giam, extra::varchar as extra from raw.union_membership where ma_cdcs = 'U-F'",
    );
    expect(released).toEqual([{ ma_cdcs: "U-F", nam: 2024, so_doan_vien: "18", ket_nap_moi: "18", giam: null, extra: '{"Ghi chú":"CĐCS mới"}' }]);
    const quarantine = await rows(w, "select line_no, released_at is not null as released from quarantine.rejected_rows order by line_no");
    expect(quarantine).toEqual([
      { line_no: "5", released: true },
      { line_no: "6", released: false },
    ]);
    const again = await buildWarehouse(w.connection);
    expect(again.rowsReleased).toBe(0);
    expect(again.rowsPending).toBe(1);
    expect(await mart(F, 2024)).toMatchObject({ members: 18, new_members: 18 });
    expect(again.rowsByModel.mart_unit_year).toBe(15);
  });
});

describe("analyst link decisions", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await loadScenario(w);
    await w.connection.run(
      `insert into link.decisions (dataset, source_key, tax_code, decision, decided_by, decided_at) values
         ('union_grassroots_unions', 'U-X', '${G}', 'ACCEPT', 'analyst', timestamp '2025-01-10 09:00:00'),
         ('union_grassroots_unions', 'U-D', '${D}', 'REJECT', 'analyst', timestamp '2025-01-10 09:05:00')`,
    );
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  it("lets an ACCEPT win over the algorithm and a REJECT remove a link", async () => {
    const links = await rows(
      w,
      `select dataset, source_key, tax_code, method, confidence, decision from main.int_unit_links
       where source_key in ('U-X', 'U-D') order by dataset, source_key`,
    );
    expect(links).toEqual([
      { dataset: "union_grassroots_unions", source_key: "U-D", tax_code: null, method: "UNLINKED", confidence: 0, decision: "REJECT" },
      { dataset: "union_grassroots_unions", source_key: "U-X", tax_code: G, method: "ANALYST_ACCEPTED", confidence: 1, decision: "ACCEPT" },
      { dataset: "union_membership", source_key: "U-X", tax_code: G, method: "ANALYST_ACCEPTED", confidence: 1, decision: "ACCEPT" },
    ]);
    const units = await rows(
      w,
      `select tax_code, has_union, union_codes, members from main.mart_unit_year where year = 2024 and tax_code in ('${D}', '${G}') order by tax_code`,
    );
    expect(units).toEqual([
      { tax_code: D, has_union: false, union_codes: [], members: 0 },
      { tax_code: G, has_union: true, union_codes: ["U-X"], members: 30 },
    ]);
  });
});

describe("the UNKNOWN_UNION retry", () => {
  let w: Warehouse;
  let report: BuildReport;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await insertRaw(w, "union_grassroots_unions", 1, [{ ma_cdcs: "U-Q", ten_cdcs: "CĐCS Quảng", ngay_thanh_lap: "01/01/2020" }]);
    // batch 2 arrived before U-Q was registered …
    await quarantineMembership(w, 2, 3, { "Mã CĐCS": "U-Q", Năm: "2024", "Số đoàn viên": "12", "Kết nạp mới": "2" });
    await quarantineMembership(w, 2, 4, { "Mã CĐCS": "U-Q", Năm: "2023", "Số đoàn viên": "9", "Kết nạp mới": "1" });
    await quarantineMembership(w, 2, 5, { "Mã CĐCS": "U-LATER", Năm: "2024", "Số đoàn viên": "3", "Kết nạp mới": "3" });
    // … batch 3 re-delivered U-Q's 2024 return after it was registered …
    await insertRaw(w, "union_membership", 3, [{ ma_cdcs: "U-Q", nam: "2024", so_doan_vien: "40", ket_nap_moi: "4" }]);
    // … and batch 4 used the English headers.
    await w.connection.run(
      `insert into quarantine.rejected_rows (batch_id, dataset, file_name, line_no, reason_code, message, original)
       values (4, 'union_membership', 'returns.json', 2, 'UNKNOWN_UNION', 'unknown union',
               '{"__line_no": 2, "union_code": " U-Q ", "year": "2022", "members": "5", "admitted": "5", "left": "0"}'::json)`,
    );
    report = await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  it("releases rows whose union is now known, keeps later deliveries, and leaves the rest pending", async () => {
    expect([report.rowsReleased, report.rowsSuperseded, report.rowsPending]).toEqual([2, 1, 1]);
    const loaded = await rows(w, "select batch_id, line_no, trim(ma_cdcs) as ma_cdcs, nam, so_doan_vien, giam from raw.union_membership order by nam");
    expect(loaded).toEqual([
      { batch_id: "4", line_no: "2", ma_cdcs: "U-Q", nam: 2022, so_doan_vien: "5", giam: "0" },
      { batch_id: "2", line_no: "4", ma_cdcs: "U-Q", nam: 2023, so_doan_vien: "9", giam: null },
      { batch_id: "3", line_no: "2", ma_cdcs: "U-Q", nam: 2024, so_doan_vien: "40", giam: null },
    ]);
    const quarantine = await rows(w, "select batch_id, line_no, released_at is not null as released from quarantine.rejected_rows order by batch_id, line_no");
    expect(quarantine).toEqual([
      { batch_id: "2", line_no: "3", released: false }, // superseded by batch 3
      { batch_id: "2", line_no: "4", released: true },
      { batch_id: "2", line_no: "5", released: false }, // U-LATER still unknown
      { batch_id: "4", line_no: "2", released: true },
    ]);
    const returns = await rows(w, "select union_code, year, members, tax_code, link_method from main.fct_membership_yearly order by year");
    expect(returns).toEqual([
      { union_code: "U-Q", year: 2022, members: 5, tax_code: null, link_method: "UNLINKED" },
      { union_code: "U-Q", year: 2023, members: 9, tax_code: null, link_method: "UNLINKED" },
      { union_code: "U-Q", year: 2024, members: 40, tax_code: null, link_method: "UNLINKED" },
    ]);
  });
});

describe("the UNKNOWN_UNION retry keeps what a released return replaces", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await insertRaw(w, "union_grassroots_unions", 1, [{ ma_cdcs: "U-R", ten_cdcs: "CĐCS Rạng Đông", ngay_thanh_lap: "01/01/2019" }]);
    await insertRaw(w, "union_membership", 2, [{ ma_cdcs: "U-R", nam: "2021", so_doan_vien: "7", ket_nap_moi: "1" }]);
    // batch 3's corrected 2021 return was quarantined (filed before the registry was read)
    await quarantineMembership(w, 3, 3, { "Mã CĐCS": "U-R", Năm: "2021", "Số đoàn viên": "8", "Kết nạp mới": "2" });
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  it("the released row is in effect and the row it replaces is kept in superseded, marked with the releasing batch", async () => {
    expect(await rows(w, "select batch_id, so_doan_vien from raw.union_membership where trim(ma_cdcs) = 'U-R'")).toEqual([
      { batch_id: "3", so_doan_vien: "8" },
    ]);
    expect(await rows(w, "select batch_id, so_doan_vien, superseded_by from superseded.union_membership")).toEqual([
      { batch_id: "2", so_doan_vien: "7", superseded_by: "3" },
    ]);
  });
});

describe("a failing data test", () => {
  let w: Warehouse;
  beforeAll(async () => {
    w = await openWarehouse(":memory:");
    await loadScenario(w);
    await buildWarehouse(w.connection);
  });
  afterAll(async () => w?.close());

  it("rolls the whole build back and names the model, the test and the offending keys", async () => {
    // A negative salary fund that bypassed ingest validation, a union that now exists for
    // the pending quarantined row, and a new unit: none of it may survive the failed build.
    await insertRaw(w, "si_contributions", 20, [
      { ma_don_vi: "TC0001", ten_don_vi: "Công ty TNHH Dịch vụ Cát Tường", ma_so_thue: C, ky: "01/2025", so_lao_dong: "8", quy_luong: "-5000000" },
    ]);
    await insertRaw(w, "union_grassroots_unions", 21, [{ ma_cdcs: "U-NONE", ten_cdcs: "CĐCS mới", ngay_thanh_lap: "01/01/2024" }]);
    await insertRaw(w, "tax_enterprises", 22, [{ ma_so_thue: "3200001172", ten_doanh_nghiep: "Công ty mới", ngay_du_lieu: "01/01/2025" }]);

    const failure = await buildWarehouse(w.connection).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BuildFailedError);
    const error = failure as BuildFailedError;
    expect(error.message).toContain(
      "fct_si_monthly: non_negative(insured_workers, salary_fund, union_fee_due, si_arrears) failed for 1 row(s), e.g. (3200001119, 2025-01-01)",
    );
    expect(error.failures.map((f) => `${f.model}: ${f.test}`)).toContain(
      "mart_unit_year: non_negative(workers, members, new_members, left_members, si_months, salary_fund, fee_due, fee_paid, arrears, member_dues_paid, si_arrears, fee_paid_on_time, fee_paid_late)",
    );

    // The previous build stands: same rows, no 2025, no new unit, the quarantined row not released.
    const marts = await rows(w, "select count(*) as n, max(year) as last_year from main.mart_unit_year");
    expect(marts).toEqual([{ n: "15", last_year: 2024 }]);
    const units = await rows(w, "select count(*) as n from main.dim_employer_unit");
    expect(units).toEqual([{ n: "8" }]);
    const pending = await rows(w, "select count(*) as n from quarantine.rejected_rows where released_at is null");
    expect(pending).toEqual([{ n: "1" }]);
    const membership = await rows(w, "select count(*) as n from raw.union_membership where ma_cdcs = 'U-NONE'");
    expect(membership).toEqual([{ n: "0" }]);
  });
});

describe("the model manifest", () => {
  const modelsDir = fileURLToPath(MODELS_DIR);
  const sqlFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sqlFiles(path) : name.endsWith(".sql") ? [relative(modelsDir, path)] : [];
    });

  it("lists every model file exactly once", () => {
    expect(MODEL_MANIFEST.map((m) => m.file).sort()).toEqual(sqlFiles(modelsDir).sort());
  });

  it("orders models after the models they read, each a CTE chain ending in final", () => {
    const names = MODEL_MANIFEST.map((m) => m.name);
    const misplaced: string[] = [];
    for (const [index, entry] of MODEL_MANIFEST.entries()) {
      const sql = readFileSync(join(modelsDir, entry.file), "utf8");
      if (entry.createsTable) {
        expect(sql).toContain(`create or replace table main.${entry.name} as\nwith `);
        expect(sql.trimEnd().endsWith("select * from final")).toBe(true);
      }
      const reads = [...sql.matchAll(/\bmain\.([a-z0-9_]+)/g)].map((m) => m[1]).filter((n) => n !== entry.name);
      for (const read of reads) if (!(names.indexOf(read) >= 0 && names.indexOf(read) < index)) misplaced.push(`${entry.name} reads ${read}`);
    }
    expect(misplaced).toEqual([]);
  });
});
