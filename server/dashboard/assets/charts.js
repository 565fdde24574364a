// Charts with uPlot (served from node_modules, MIT © Leon Sorokin): categories on x
// (years, months), bars and lines on y.
import uPlot from "/assets/vendor/uPlot.esm.js";
import { fmtNumber } from "./format.js";

const charts = new Set();
let resizeListening = false;

function widthOf(el) {
  return Math.max(280, Math.floor(el.clientWidth || el.parentElement?.clientWidth || 600));
}

/**
 * Draws a chart in `el` (replacing one drawn before): `labels` on x, each series
 * `{ label, values, kind: "bar" | "line", colour, dash }`, y values formatted with
 * `yDigits` decimals.
 */
export function categoryChart(el, { labels, xLabel = "", series, yDigits = 0, yLabel = "", height = 260 }) {
  el.querySelector(":scope > .uplot")?.remove();
  for (const chart of charts) {
    if (chart.root.parentElement === el || !chart.root.isConnected) {
      chart.destroy();
      charts.delete(chart);
    }
  }

  const xs = labels.map((_, i) => i);
  const bars = uPlot.paths.bars({ size: [0.6, 48], align: 0 });
  const chart = new uPlot(
    {
      width: widthOf(el),
      height,
      padding: [12, 12, 0, 4],
      cursor: { points: { size: 7 }, drag: { x: false, y: false } },
      legend: { live: true },
      scales: { x: { time: false, range: () => [-0.6, xs.length - 0.4] }, y: { range: (_u, _min, max) => [0, niceMax(max)] } },
      axes: [
        {
          values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? (labels[t] ?? "") : "")),
          splits: () => xs,
          grid: { show: false },
          font: "12px system-ui, sans-serif",
        },
        {
          label: yLabel,
          labelSize: yLabel ? 22 : 0,
          labelFont: "12px system-ui, sans-serif",
          font: "12px system-ui, sans-serif",
          size: 64,
          values: (_u, ticks) => {
            const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : 1;
            const digits = step >= 1 ? 0 : Math.min(yDigits, Math.ceil(-Math.log10(step)));
            return ticks.map((t) => fmtNumber(t, digits));
          },
        },
      ],
      series: [
        { label: xLabel, value: (_u, i) => (i === null || i === undefined ? "" : (labels[i] ?? "")) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.colour,
          width: s.kind === "bar" ? 1 : 2.5,
          fill: s.kind === "bar" ? `${s.colour}cc` : undefined,
          dash: s.dash,
          paths: s.kind === "bar" ? bars : undefined,
          points: { show: s.kind !== "bar", size: 6, fill: s.colour },
          spanGaps: false,
          value: (_u, v) => (v === null || v === undefined ? "—" : fmtNumber(v, yDigits)),
        })),
      ],
    },
    [xs, ...series.map((s) => s.values.map((v) => (v === null || v === undefined ? null : Number(v))))],
    el,
  );
  charts.add(chart);
  if (!resizeListening) {
    resizeListening = true;
    let pending = 0;
    window.addEventListener("resize", () => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => {
        for (const c of charts) if (c.root.isConnected) c.setSize({ width: widthOf(c.root.parentElement), height: c.height });
      });
    });
  }
  return chart;
}

function niceMax(max) {
  if (!max || max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil((max * 1.08) / step) * step;
}
