// Each view's footer: the last batch of every dataset it draws on (from /health), and
// the page's "last loaded" line.
import { DATASETS } from "./datasets.js";
import { esc, fmtDate, fmtDateTime } from "./format.js";
import { $, meta } from "./state.js";

/** Fills every footer from `meta.batches` (or says why it cannot: `error`). */
export function showFreshness(error) {
  const byDataset = new Map((meta.batches ?? []).map((b) => [b.dataset, b]));
  const latest = (meta.batches ?? [])
    .map((b) => b.finishedAt)
    .filter(Boolean)
    .sort()
    .at(-1);
  $("#data-updated").textContent = latest ? `Dữ liệu nạp lần cuối: ${fmtDateTime(latest)}` : "";
  for (const list of document.querySelectorAll(".freshness")) {
    if (error) {
      list.innerHTML = `<li class="error">Không đọc được thời điểm cập nhật số liệu (${esc(error.message)}).</li>`;
      continue;
    }
    const items = list.dataset.datasets.split(" ").map((dataset) => {
      const batch = byDataset.get(dataset);
      const label = DATASETS[dataset] ?? dataset;
      if (!batch) return `<li data-dataset="${dataset}">${esc(label)}: chưa có dữ liệu</li>`;
      const period = periodText(dataset, batch.period);
      return `<li data-dataset="${dataset}">${esc(label)}${period ? `: ${esc(period)}` : ""} <span class="muted">(nạp ${esc(fmtDateTime(batch.finishedAt))})</span></li>`;
    });
    list.innerHTML = `<li class="lead">Số liệu mới nhất:</li>${items.join("")}`;
  }
}

/** The end of a batch's period in words: the file is current up to then. */
export function periodText(dataset, period) {
  if (!period) return "";
  const end = period.split("..").at(-1);
  const half = /^(\d{4})-H([12])$/.exec(end);
  if (half) return `đến 6 tháng ${half[2] === "1" ? "đầu" : "cuối"} năm ${half[1]}`;
  const year = /^(\d{4})$/.exec(end);
  if (year) return `đến năm ${year[1]}`;
  const month = /^(\d{4})-(\d{2})(?:-01)?$/.exec(end);
  if (month && (dataset === "si_contributions" || end.length === 7)) return `đến tháng ${month[2]}/${month[1]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(end)) return `đến ngày ${fmtDate(end)}`;
  return `kỳ ${period}`;
}
