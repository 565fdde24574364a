/**
 * The closed code lists of the warehouse, once for every wing (docs/SOURCES.md § Columns,
 * docs/DOMAIN.md § Workers and § Size bands): each code with the Vietnamese label analysts
 * see and, where a source writes it in words, the words it uses. Everything that names
 * these codes takes them from here:
 * - queries and the GraphQL enums (labels as parameters, enum values);
 * - the seeds of the build (etl/models/seeds/*.sql are written from these lists by
 *   `npm run seeds`, with the patterns that read each source's words);
 * - the sample generator (the words it writes, the codes of its truth);
 * - the test fixtures (size bands by their bounds).
 * The order of each list is its display order.
 */

export interface CodeLabel {
  readonly code: string;
  readonly label: string;
}

/** A code list: its entries in display order, each a code with its label and attributes. */
export type CodeList<C extends string, A extends object = object> = readonly Readonly<A & { code: C; label: string }>[];

function codeList<C extends string, A extends { readonly label: string }>(entries: Readonly<Record<C, A>>): CodeList<C, A> {
  return Object.freeze(Object.entries<A>(entries).map(([code, attributes]) => Object.freeze({ ...attributes, code: code as C })));
}

/** The code of each entry, in the list's order. */
export const codes = <C extends string>(entries: readonly { readonly code: C }[]): C[] => entries.map((e) => e.code);
/** The label of each entry, in the list's order. */
export const labels = (entries: readonly CodeLabel[]): string[] => entries.map((e) => e.label);

/** Ownership of an employer unit (`mart_unit_year.ownership`), with the words of the statistics survey (`loai_hinh_so_huu`). */
export const OWNERSHIPS = codeList({
  STATE: { label: "Doanh nghiệp nhà nước", surveyText: "Doanh nghiệp Nhà nước" },
  NON_STATE: { label: "Doanh nghiệp ngoài nhà nước", surveyText: "Doanh nghiệp ngoài Nhà nước" },
  FDI: { label: "Doanh nghiệp có vốn đầu tư nước ngoài", surveyText: "Doanh nghiệp có vốn đầu tư nước ngoài" },
});
export type Ownership = (typeof OWNERSHIPS)[number]["code"];

/** Legal form of an employer unit (`legal_form`), with the words of the tax registry export (`loai_hinh`). */
export const LEGAL_FORMS = codeList({
  TNHH_1TV: { label: "Công ty TNHH một thành viên", registryText: "Công ty TNHH một thành viên" },
  TNHH_2TV: { label: "Công ty TNHH hai thành viên trở lên", registryText: "Công ty TNHH hai thành viên trở lên" },
  CO_PHAN: { label: "Công ty cổ phần", registryText: "Công ty cổ phần" },
  DNTN: { label: "Doanh nghiệp tư nhân", registryText: "Doanh nghiệp tư nhân" },
  HOP_DANH: { label: "Công ty hợp danh", registryText: "Công ty hợp danh" },
  HTX: { label: "Hợp tác xã", registryText: "Hợp tác xã" },
  DNNN: { label: "Doanh nghiệp nhà nước", registryText: "Doanh nghiệp nhà nước" },
  CHI_NHANH: { label: "Chi nhánh", registryText: "Chi nhánh" },
  VP_DAI_DIEN: { label: "Văn phòng đại diện", registryText: "Văn phòng đại diện" },
  /** What the registry's words match no pattern of (seed_legal_forms) read as. */
  KHAC: { label: "Khác", registryText: "Tổ chức kinh tế khác" },
});
export type LegalForm = (typeof LEGAL_FORMS)[number]["code"];

/**
 * Bands of a unit's workers in the year (`size_band`), smallest first; both bounds
 * inclusive, an open upper bound null.
 */
export const SIZE_BANDS = codeList({
  "<5": { label: "Dưới 5 lao động", minWorkers: 0, maxWorkers: 4 as number | null },
  "5-19": { label: "Từ 5 đến 19 lao động", minWorkers: 5, maxWorkers: 19 },
  "20-49": { label: "Từ 20 đến 49 lao động", minWorkers: 20, maxWorkers: 49 },
  "50-199": { label: "Từ 50 đến 199 lao động", minWorkers: 50, maxWorkers: 199 },
  "200-999": { label: "Từ 200 đến 999 lao động", minWorkers: 200, maxWorkers: 999 },
  "1000+": { label: "Từ 1.000 lao động trở lên", minWorkers: 1000, maxWorkers: null },
});
export type SizeBand = (typeof SIZE_BANDS)[number]["code"];

/** The size band of a number of workers (null for none known). */
export function sizeBandOf(workers: number | null): SizeBand | null {
  if (workers === null) return null;
  return SIZE_BANDS.find((b) => workers >= b.minWorkers && (b.maxWorkers === null || workers <= b.maxWorkers))?.code ?? null;
}

/** Tax-registry status of an employer unit (`status`). */
export const UNIT_STATUSES = codeList({
  ACTIVE: { label: "Đang hoạt động" },
  SUSPENDED: { label: "Tạm ngừng hoạt động" },
  CLOSED: { label: "Ngừng hoạt động" },
});
export type UnitStatus = (typeof UNIT_STATUSES)[number]["code"];

/** Where `workers` came from (`workers_source`), in the order of precedence of docs/DOMAIN.md § Workers. */
export const WORKERS_SOURCES = codeList({
  STATS: { label: "Điều tra doanh nghiệp (Thống kê), 31/12" },
  LABOUR_H2: { label: "Báo cáo sử dụng lao động 6 tháng cuối năm" },
  LABOUR_H1: { label: "Báo cáo sử dụng lao động 6 tháng đầu năm" },
  SI: { label: "Bảo hiểm xã hội, tháng cuối năm có số liệu" },
  NONE: { label: "Không có nguồn" },
});
export type WorkersSource = (typeof WORKERS_SOURCES)[number]["code"];

/**
 * Sector of a grassroots union as the union registry records it (`khu_vuc`,
 * `int_unions.sector`), with the ownership of the employer it implies (used only when the
 * statistics survey gives none; null where the sector says nothing of it).
 */
export const UNION_SECTORS = codeList({
  HCSN: { label: "Hành chính sự nghiệp", ownership: "STATE" as Ownership | null },
  DNNN: { label: "Doanh nghiệp nhà nước", ownership: "STATE" },
  NGOAI_NHA_NUOC: { label: "Doanh nghiệp ngoài nhà nước", ownership: "NON_STATE" },
  FDI: { label: "Doanh nghiệp có vốn đầu tư nước ngoài", ownership: "FDI" },
  NGHIEP_DOAN: { label: "Nghiệp đoàn", ownership: null },
  KHAC: { label: "Khác", ownership: null },
});
export type UnionSector = (typeof UNION_SECTORS)[number]["code"];

/**
 * The sections of VSIC 2018 (Decision 27/2018/QĐ-TTg) with the two-digit divisions each
 * holds (from–to, inclusive). Their names are reference data: etl/reference/vsic_2018_sections.csv.
 */
export const VSIC_SECTIONS: readonly Readonly<{ code: string; divisionFrom: number; divisionTo: number }>[] = Object.freeze(
  (
    [
      ["A", 1, 3],
      ["B", 5, 9],
      ["C", 10, 33],
      ["D", 35, 35],
      ["E", 36, 39],
      ["F", 41, 43],
      ["G", 45, 47],
      ["H", 49, 53],
      ["I", 55, 56],
      ["J", 58, 63],
      ["K", 64, 66],
      ["L", 68, 68],
      ["M", 69, 75],
      ["N", 77, 82],
      ["O", 84, 84],
      ["P", 85, 85],
      ["Q", 86, 88],
      ["R", 90, 93],
      ["S", 94, 96],
      ["T", 97, 98],
      ["U", 99, 99],
    ] as const
  ).map(([code, divisionFrom, divisionTo]) => Object.freeze({ code, divisionFrom, divisionTo })),
);

/**
 * The input datasets (docs/SOURCES.md § Datasets), in the order of that table: each id
 * with the agency that delivers it, what the dataset is, and the Vietnamese term for it
 * where one is used; `label` and `short` are the Vietnamese names the dashboard shows
 * (its freshness footers and its evidence lists, served as /assets/datasets.js).
 */
export const DATASET_LIST = Object.freeze([
  { id: "tax_enterprises", agency: "Cục Thuế", what: "tax registry", label: "Thuế (đăng ký doanh nghiệp)", short: "Thuế" },
  { id: "si_contributions", agency: "Bảo hiểm xã hội", what: "social insurance", label: "Bảo hiểm xã hội", short: "BHXH" },
  { id: "stats_enterprise_survey", agency: "Thống kê", what: "annual enterprise survey", label: "Thống kê (điều tra doanh nghiệp)", short: "Thống kê" },
  {
    id: "labour_workforce_reports",
    agency: "Sở LĐTBXH / Sở Nội vụ",
    what: "labour usage reports",
    label: "Báo cáo sử dụng lao động",
    short: "BC lao động",
  },
  {
    id: "labour_collective_agreements",
    agency: "Sở LĐTBXH",
    what: "registered collective agreements",
    term: "TULĐTT",
    label: "Thỏa ước lao động tập thể",
    short: "Thỏa ước",
  },
  {
    id: "union_grassroots_unions",
    agency: "LĐLĐ tỉnh",
    what: "grassroots union registry",
    term: "CĐCS",
    label: "Danh sách công đoàn cơ sở",
    short: "CĐCS",
  },
  { id: "union_membership", agency: "LĐLĐ tỉnh", what: "annual membership returns", label: "Báo cáo đoàn viên", short: "Đoàn viên" },
  { id: "union_finance", agency: "LĐLĐ tỉnh", what: "union fee and dues receipts", label: "Thu kinh phí, đoàn phí", short: "KPCĐ" },
] as const satisfies readonly { id: string; agency: string; what: string; term?: string; label: string; short: string }[]);

export type DatasetId = (typeof DATASET_LIST)[number]["id"];

/** The dataset ids, in the order of docs/SOURCES.md § Datasets. */
export const DATASET_IDS: readonly DatasetId[] = Object.freeze(DATASET_LIST.map((d) => d.id));

export function isDatasetId(value: string): value is DatasetId {
  return (DATASET_IDS as readonly string[]).includes(value);
}

/** The agency behind a dataset as the API shows it: `LĐLĐ tỉnh (grassroots union registry)`. */
export function datasetAgency(id: DatasetId): string {
  const d = DATASET_LIST.find((e) => e.id === id)!;
  return `${d.agency} (${d.what})`;
}

/** The agency behind a dataset with the Vietnamese term for it, as the dataset contracts name it: `LĐLĐ tỉnh (grassroots union registry, CĐCS)`. */
export function datasetAgencyWithTerm(id: DatasetId): string {
  const d: { agency: string; what: string; term?: string } = DATASET_LIST.find((e) => e.id === id)!;
  return `${d.agency} (${d.what}${d.term ? `, ${d.term}` : ""})`;
}

/** The agency behind each dataset id as the API shows it (datasetAgency). */
export const DATASET_AGENCIES: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(DATASET_IDS.map((id) => [id, datasetAgency(id)])));
