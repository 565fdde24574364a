// Vietnamese number formats, written out (not Intl) so that every browser shows the
// same text: thousands with ".", decimals with "," (1.234,5), percentages as "45,5%".

/** A number with `digits` decimals: 1234.5 → "1.234,5". */
export function fmtNumber(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return "—";
  const n = Number(value);
  const [int, dec] = Math.abs(n).toFixed(digits).split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const sign = n < 0 && Number(Math.abs(n).toFixed(digits)) !== 0 ? "−" : "";
  return `${sign}${grouped}${dec ? `,${dec}` : ""}`;
}

/** A fraction as a percentage: 0.4482 → "44,8%"; null → "—". */
export function fmtPct(fraction, digits = 1) {
  if (fraction === null || fraction === undefined) return "—";
  return `${fmtNumber(Number(fraction) * 100, digits)}%`;
}

/**
 * A difference of two rates (fractions) in percentage points: 0.515 → "51,5 điểm %".
 * Not "51,5%": a gap from 38,5% to 90% is 51,5 points, which is 134% of 38,5%.
 */
export function fmtPoints(fraction, digits = 1) {
  if (fraction === null || fraction === undefined) return "—";
  return `${fmtNumber(Number(fraction) * 100, digits)} điểm %`;
}

/** VND in millions of đồng: 7655775541 → "7.655,8". */
export function fmtMillion(vnd, digits = 1) {
  if (vnd === null || vnd === undefined) return "—";
  return fmtNumber(Number(vnd) / 1e6, digits);
}

/** A date-time from /health as dd/mm/yyyy hh:mm, Vietnam time (UTC+7, no daylight saving). */
export function fmtDateTime(iso) {
  if (!iso) return "—";
  const d = new Date(new Date(iso).getTime() + 7 * 3600 * 1000);
  const p = (n) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** A yyyy-mm-dd date as dd/mm/yyyy. */
export function fmtDate(date) {
  if (!date) return "—";
  const [y, m, d] = String(date).split("-");
  return d ? `${d}/${m}/${y}` : String(date);
}

/** Where a unit's workers figure came from (WorkersSource). */
export const WORKERS_SOURCE = {
  STATS: "Thống kê",
  LABOUR_H2: "BC lao động 6 tháng cuối năm",
  LABOUR_H1: "BC lao động 6 tháng đầu năm",
  SI: "BHXH",
  NONE: "không có nguồn",
};

/** How a source row was linked to its unit (the API's linkMethod codes), in words. */
export const LINK_METHOD = {
  EXACT_TAX_CODE: "trùng mã số thuế",
  TAX_ROOT: "theo mã số thuế của đơn vị chủ quản",
  TAX_CODE_VARIANT: "mã số thuế gần đúng",
  SI_UNIT_CODE: "theo mã đơn vị BHXH",
  FUZZY_NAME: "theo tên gần đúng",
  ANALYST_ACCEPTED: "cán bộ đã xác nhận",
  UNLINKED: "chưa liên kết được",
};

/** Scorecard statuses. */
export const STATUS = {
  MET: "Đạt",
  ON_TRACK: "Đúng tiến độ",
  BEHIND: "Chậm tiến độ",
};

/**
 * Coverage colour bins: [lower bound, colour, label]. A rate falls in the last bin
 * whose lower bound it reaches; null (no unit in scope) is grey.
 */
export const COVERAGE_BINS = [
  [0, "#d73027", "Dưới 20%"],
  [0.2, "#fc8d59", "20% – dưới 40%"],
  [0.4, "#fee08b", "40% – dưới 60%"],
  [0.6, "#91cf60", "60% – dưới 80%"],
  [0.8, "#1a9850", "Từ 80% trở lên"],
];
export const NO_DATA_COLOUR = "#d9dde3";
export const NO_DATA_LABEL = "Không có doanh nghiệp thuộc phạm vi";

export function coverageColour(rate) {
  if (rate === null || rate === undefined) return NO_DATA_COLOUR;
  let colour = COVERAGE_BINS[0][1];
  for (const [lower, c] of COVERAGE_BINS) if (rate >= lower) colour = c;
  return colour;
}

/** Escapes text for HTML. */
export function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
