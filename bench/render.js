// @ts-check
// Renders bench results (bench/results/*.json) as a Markdown table and an SVG chart of each ratio
// against its target. Used by scripts/bench.js.
"use strict";

/**
 * @typedef {{ id: string, label: string, unit: string, value: number, baseline?: number,
 *   baselineLabel?: string, ratio?: number, target?: { text: string, met: boolean },
 *   detail?: Record<string, unknown> }} Figure
 * @typedef {{ figures: Figure[] }} Result
 */

/** @param {number | undefined} n @param {string} unit */
function show(n, unit) {
  if (n === undefined) return "";
  return `${n.toLocaleString("en-US")} ${unit}`;
}

/** @param {Result} result */
function table(result) {
  const rows = [
    "| figure | id | value | baseline | ratio | target | met |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const f of result.figures) {
    const extra =
      f.detail && typeof f.detail["lockboxP99Ms"] === "number"
        ? ` (p50 ${f.detail["lockboxP50Ms"]} ms, p99 ${f.detail["lockboxP99Ms"]} ms; bare p50 ${f.detail["bareP50Ms"]} ms, p99 ${f.detail["bareP99Ms"]} ms)`
        : "";
    rows.push(
      `| ${f.label}${extra} | \`${f.id}\` | ${show(f.value, f.unit)} | ${f.baseline === undefined ? "" : show(f.baseline, f.unit)} | ${f.ratio === undefined ? "" : `${f.ratio}x`} | ${f.target?.text ?? "reported"} | ${f.target ? (f.target.met ? "yes" : "**no**") : ""} |`,
    );
  }
  return rows.join("\n");
}

/** @param {string} s */
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** An SVG bar per figure that has a ratio and a numeric target: the bar is the ratio, the tick the target. */
function chart(/** @type {Result} */ result) {
  const rows = result.figures.filter(
    (f) => f.ratio !== undefined && f.target && /[\d.]+/.test(f.target.text),
  );
  const width = 760;
  const left = 300;
  const barMax = width - left - 70;
  const rowH = 26;
  const height = 40 + rows.length * rowH;
  const max = Math.max(
    2,
    ...rows.map((f) => f.ratio ?? 0),
    ...rows.map((f) => Number(/[\d.]+/.exec(f.target?.text ?? "")?.[0])),
  );
  const x = (/** @type {number} */ v) => left + (v / max) * barMax;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-weight="bold">ratio against the baseline measured in the same run (tick: target)</text>`,
  ];
  rows.forEach((f, i) => {
    const y = 34 + i * rowH;
    const target = Number(/[\d.]+/.exec(f.target?.text ?? "")?.[0]);
    const colour = f.target?.met ? "#2e7d32" : "#c62828";
    parts.push(
      `<text x="10" y="${y + 13}">${esc(f.id)}</text>`,
      `<rect x="${left}" y="${y}" width="${Math.max(1, x(f.ratio ?? 0) - left).toFixed(1)}" height="16" fill="${colour}"/>`,
      `<line x1="${x(target).toFixed(1)}" x2="${x(target).toFixed(1)}" y1="${y - 3}" y2="${y + 19}" stroke="#000" stroke-width="2"/>`,
      `<text x="${(x(Math.max(f.ratio ?? 0, target)) + 6).toFixed(1)}" y="${y + 13}">${f.ratio}x (${esc(f.target?.text ?? "")})</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}

module.exports = { table, chart };
