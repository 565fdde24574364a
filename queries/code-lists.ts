/**
 * The closed code lists of the warehouse (the mappings of docs/SOURCES.md § Columns, and the mart's bands),
 * with the Vietnamese labels analysts see. Queries receive them as parameters; the
 * GraphQL enums are built from the same lists.
 */
export interface CodeLabel {
  readonly code: string;
  readonly label: string;
}

const list = (entries: Record<string, string>): readonly CodeLabel[] =>
  Object.freeze(Object.entries(entries).map(([code, label]) => Object.freeze({ code, label })));

export const OWNERSHIPS = list({
  STATE: "Doanh nghiệp nhà nước",
  NON_STATE: "Doanh nghiệp ngoài nhà nước",
  FDI: "Doanh nghiệp có vốn đầu tư nước ngoài",
});

export const LEGAL_FORMS = list({
  TNHH_1TV: "Công ty TNHH một thành viên",
  TNHH_2TV: "Công ty TNHH hai thành viên trở lên",
  CO_PHAN: "Công ty cổ phần",
  DNTN: "Doanh nghiệp tư nhân",
  HOP_DANH: "Công ty hợp danh",
  HTX: "Hợp tác xã",
  DNNN: "Doanh nghiệp nhà nước",
  CHI_NHANH: "Chi nhánh",
  VP_DAI_DIEN: "Văn phòng đại diện",
  KHAC: "Khác",
});

/** Workers bands of `mart_unit_year.size_band`, smallest first. */
export const SIZE_BANDS = list({
  "<5": "Dưới 5 lao động",
  "5-19": "Từ 5 đến 19 lao động",
  "20-49": "Từ 20 đến 49 lao động",
  "50-199": "Từ 50 đến 199 lao động",
  "200-999": "Từ 200 đến 999 lao động",
  "1000+": "Từ 1.000 lao động trở lên",
});

export const UNIT_STATUSES = list({
  ACTIVE: "Đang hoạt động",
  SUSPENDED: "Tạm ngừng hoạt động",
  CLOSED: "Ngừng hoạt động",
});

/** Where `workers` came from, in the order of precedence of docs/DOMAIN.md § Workers. */
export const WORKERS_SOURCES = list({
  STATS: "Điều tra doanh nghiệp (Thống kê), 31/12",
  LABOUR_H2: "Báo cáo sử dụng lao động 6 tháng cuối năm",
  LABOUR_H1: "Báo cáo sử dụng lao động 6 tháng đầu năm",
  SI: "Bảo hiểm xã hội, tháng cuối năm có số liệu",
  NONE: "Không có nguồn",
});

export const codes = (entries: readonly CodeLabel[]): string[] => entries.map((e) => e.code);
export const labels = (entries: readonly CodeLabel[]): string[] => entries.map((e) => e.label);

/** The agency behind each dataset id of docs/SOURCES.md § Datasets. */
export const DATASET_AGENCIES: Readonly<Record<string, string>> = Object.freeze({
  tax_enterprises: "Cục Thuế (tax registry)",
  si_contributions: "Bảo hiểm xã hội (social insurance)",
  stats_enterprise_survey: "Thống kê (annual enterprise survey)",
  labour_workforce_reports: "Sở LĐTBXH / Sở Nội vụ (labour usage reports)",
  labour_collective_agreements: "Sở LĐTBXH (registered collective agreements)",
  union_grassroots_unions: "LĐLĐ tỉnh (grassroots union registry)",
  union_membership: "LĐLĐ tỉnh (annual membership returns)",
  union_finance: "LĐLĐ tỉnh (union fee and dues receipts)",
});
