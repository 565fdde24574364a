// What every view shares: running its operation in its panel (a note when the API lacks
// its field, the error in the panel otherwise), its headline figure and its export links.
import { ApiError, apiKey, download } from "../api.js";
import { showBanner } from "../banner.js";
import { esc } from "../format.js";
import { $, hasField, meta } from "../state.js";

/** Cells the API withholds for DASHBOARD keys (too few units to show without singling one out). */
export const SUPPRESSED_COLOUR = "#8b95a1";
export const SUPPRESSED_LABEL = "số liệu ẩn vì có quá ít doanh nghiệp (bảo vệ thông tin từng đơn vị)";

/** The error GraphQL gives for a root field the schema does not have. */
const MISSING_FIELD = /Cannot query field "(\w+)" on type "Query"/;

/**
 * Runs a view's operation (`work`) in its panel; its errors are shown in the view (and reported to refresh).
 * A view without its API field is hidden with a note; its headline figure says why.
 */
export async function view(panelId, field, work, kpiId = null) {
  const panel = $(panelId);
  panel.querySelector(".error")?.remove();
  const missing = () => {
    panel.classList.add("missing");
    panel.querySelector(".note").innerHTML = `Chưa có trong API: trường <code>${esc(field)}</code> chưa được cung cấp, nên phần này tạm ẩn.`;
    if (kpiId) setKpi(kpiId, "—", `chưa có trong API (<code>${esc(field)}</code>)`);
  };
  try {
    if (!hasField(field)) return missing();
    panel.classList.remove("missing");
    await work(panel);
  } catch (e) {
    if (MISSING_FIELD.exec(e.message)?.[1] === field) {
      meta.missing.add(field);
      return missing();
    }
    const p = document.createElement("p");
    p.className = "error";
    p.textContent =
      e instanceof ApiError && e.code === "FORBIDDEN" ? `Khóa truy cập này không được xem phần này: ${e.message}` : `Không tải được số liệu: ${e.message}`;
    panel.querySelector(".panel-head").after(p);
    panel.querySelector(".exports")?.replaceChildren();
    if (kpiId) setKpi(kpiId, "—", e instanceof ApiError && e.code === "FORBIDDEN" ? "khóa truy cập này không được xem" : "không tải được số liệu");
    throw e;
  } finally {
    panel.setAttribute("aria-busy", "false");
  }
}

export function setKpi(id, value, detail, raw = null) {
  const card = $(id);
  card.querySelector(".value").textContent = value;
  card.querySelector(".value").dataset.value = raw === null || raw === undefined ? "" : String(raw);
  card.querySelector(".detail").innerHTML = detail;
}

/**
 * Export links for the view's operation with the same arguments: CSV for a Vietnamese-locale
 * Excel (`excel=vi`: `;` separators, decimal commas, codes kept as text) and Parquet. The
 * server names the file after the question (coverage-2024-district.csv).
 */
export function setExports(id, field, args) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (value === null || value === undefined) continue;
    params.set(key, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  const links = [
    { format: "csv", label: "CSV (Excel)", query: `${params}&excel=vi` },
    { format: "parquet", label: "Parquet", query: String(params) },
  ];
  const el = $(id);
  el.innerHTML =
    "Xuất dữ liệu: " +
    links
      .map(({ format, label, query }) => `<a href="/export/${field}.${format}?${esc(query)}" data-format="${format}" download>${esc(label)}</a>`)
      .join(" · ");
  for (const a of el.querySelectorAll("a")) {
    a.addEventListener("click", (event) => {
      if (!apiKey()) return; // a plain link: no key to send
      event.preventDefault();
      download(a.getAttribute("href"), `${field}.${a.dataset.format}`).catch((error) => showBanner(`Không xuất được dữ liệu: ${error.message}`));
    });
  }
}
