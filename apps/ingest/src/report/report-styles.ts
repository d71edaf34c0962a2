/**
 * The report's stylesheet, inlined so the page is one self-contained file: readable on screen, and on paper
 * (A4, black text, charts kept whole, no section split across pages where it can be avoided).
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #5a636e; --line: #d5dae0; --upright: #2b7a68; --slouch: #b5650f; --hour: #48589c; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 820px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header { border-bottom: 2px solid var(--ink); padding-bottom: 8px; margin-bottom: 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 24px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 12px 0 4px; }
p { margin: 4px 0 8px; }
.meta, .note-meta, .chart-summary, .small { color: var(--muted); font-size: 12px; }
.numbers { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin: 0; }
.numbers div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.numbers dt { font-size: 12px; color: var(--muted); }
.numbers dd { margin: 2px 0 0; font-size: 18px; font-weight: 600; }
.numbers dd small { font-size: 12px; font-weight: 400; color: var(--muted); }
figure { margin: 0 0 14px; }
.chart { width: 100%; height: auto; display: block; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .baseline { stroke: var(--ink); stroke-width: 1; }
.chart .axis { font-size: 11px; fill: var(--muted); }
.chart .bar-upright { fill: var(--upright); }
.chart .bar-slouch { fill: var(--slouch); }
.chart .bar-hour { fill: var(--hour); }
.chart .nodata line { stroke: var(--muted); stroke-width: 2; stroke-dasharray: 2 2; }
.chart .goal { stroke: var(--ink); stroke-width: 1.5; stroke-dasharray: 6 4; }
.chart .goal-label { font-size: 11px; fill: var(--ink); paint-order: stroke; stroke: #fff; stroke-width: 3px; }
table { width: 100%; border-collapse: collapse; margin: 4px 0 8px; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
ol.recs { padding-left: 20px; }
ol.recs li { margin-bottom: 8px; }
.tag { display: inline-block; font-size: 11px; border: 1px solid var(--ink); border-radius: 3px; padding: 0 4px; margin-left: 4px; }
blockquote { margin: 4px 0 10px; padding: 4px 10px; border-left: 3px solid var(--line); white-space: pre-wrap; }
footer { margin-top: 24px; border-top: 1px solid var(--line); padding-top: 8px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  section, figure, tr, .numbers div, blockquote { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
