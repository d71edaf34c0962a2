/**
 * The printable report: one self-contained HTML page (inline CSS, inline SVG, no script, no external
 * resource) from `ReportData`. Pure: data in, HTML out. Every piece of data is escaped (report-text.ts `esc`).
 * Sections: summary numbers, daily upright % and slouch minutes, the hour-of-day profile (each chart with a
 * sentence saying what it shows), recommendations with their reasons, adherence, coach notes.
 */
import type { ReportAdherence, ReportData, ReportDay, ReportHour, ReportNote } from './report-data.js';
import { REPORT_CSS } from './report-styles.js';
import { date, dateTime, deg, duration, esc, hours, NONE, num, pct, periodText, shortDay, utcOffsetText } from './report-text.js';
import { barChartSvg, niceScale } from './svg-charts.js';

/** Assessed time an hour of day needs before the profile's summary calls it the worst or best hour, s. */
const HOUR_SUMMARY_MIN_ASSESSED_S = 600;

export function renderReport(d: ReportData): string {
  const offset = d.wearer.utcOffsetMin;
  const period = periodText(d.period.fromMs, d.period.toMs, offset);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`Posture report: ${d.wearer.name}, ${period}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>Posture report: ${esc(d.wearer.name)}</h1>
<p class="meta">Period ${esc(period)} · ${d.summary.periodDays} days · generated ${esc(dateTime(d.generatedMs, offset))}</p>
</header>
${summarySection(d)}
${chartsSection(d)}
${recommendationsSection(d)}
${adherenceSection(d.adherence, offset)}
${notesSection(d.notes, offset)}
<footer class="small">
<p>How to read it: <strong>worn</strong> time is time the sensor was on the body. <strong>Assessed</strong> time is worn time sitting or
standing still with a known posture (walking, lying and moving are not assessed). <strong>Upright %</strong> is the share of assessed time not
slouched; <strong>slouched</strong> means the upper trunk bent forward past the wearer's threshold. An <strong>episode</strong> is a slouch
lasting at least 30 s; its <strong>dose</strong> adds up the degrees above the threshold over its seconds. Days and hours are the wearer's
local time (${esc(utcOffsetText(offset))}). A dotted mark in a chart is a day or hour without data.</p>
<p>Stance posture monitoring · ${esc(d.recommendations.disclaimer)}</p>
</footer>
</body>
</html>
`;
}

function summarySection(d: ReportData): string {
  const s = d.summary;
  const g = d.goals;
  const item = (label: string, value: string, detail = ''): string =>
    `<div><dt>${esc(label)}</dt><dd>${esc(value)}${detail === '' ? '' : ` <small>${esc(detail)}</small>`}</dd></div>`;
  const corrected = s.alertCount > 0 ? `${Math.round((s.correctedCount / s.alertCount) * 100)} % sat up` : '';
  return `<section>
<h2>Summary</h2>
<dl class="numbers">
${item('Worn', hours(s.wornS), `${s.wornDays} of ${s.periodDays} days${s.wornDays > 0 ? `, ${hours(s.wornS / s.wornDays)} a worn day` : ''}`)}
${item('Upright', pct(s.uprightPct), `goal ${g.uprightPctTarget} %`)}
${item('Slouched per worn day', s.slouchMinPerWornDay === null ? NONE : `${num(s.slouchMinPerWornDay)} min`, `goal at most ${g.maxSlouchMinPerDay} min`)}
${item('Slouch episodes', String(s.episodeCount), s.episodesPerWornDay === null ? '' : `${num(s.episodesPerWornDay, 1)} a worn day, longest ${duration(s.longestEpisodeS)}`)}
${item('Forward bend (mean)', deg(s.meanFlexionDeg), s.p90FlexionDeg === null ? '' : `90 % of the time below ${deg(s.p90FlexionDeg)}`)}
${item('Sideways lean (mean)', deg(s.meanLateralDeg), 'positive = to the right')}
${item('Slouch dose', `${num(s.doseDegS / 60)} °·min`, 'degrees above threshold × time')}
${item('Movement breaks', String(s.movementBreaks), `longest sitting stretch ${duration(s.longestSittingS)}`)}
${item('Buzz alerts', String(s.alertCount), [corrected, s.medianResponseS === null ? '' : `median ${duration(s.medianResponseS)} to sit up`].filter((x) => x !== '').join(', '))}
</dl>
</section>`;
}

function chartsSection(d: ReportData): string {
  const offset = d.wearer.utcOffsetMin;
  const days = d.days;
  // Room for "Fri 21 Nov" under a week of bars; beyond that the day of the month, with the month at its start.
  const dayLabel = (day: ReportDay, i: number): string => {
    if (days.length <= 7) return shortDay(day.startMs, offset);
    const dayOfMonth = String(Number(day.day.slice(8)));
    return i === 0 || dayOfMonth === '1' ? `${dayOfMonth} ${date(day.startMs, offset).split(' ')[1]}` : dayOfMonth;
  };
  const upright = barChartSvg({
    title: 'Upright share of assessed time, per day',
    bars: days.map((day, i) => ({
      label: dayLabel(day, i), value: day.uprightPct, title: `${shortDay(day.startMs, offset)}: ${day.uprightPct === null ? 'no data' : `${pct(day.uprightPct)} upright`}`,
    })),
    yMax: 100, yTicks: [0, 25, 50, 75, 100], yFormat: (v) => `${v} %`,
    goal: { value: d.goals.uprightPctTarget, label: `goal ${d.goals.uprightPctTarget} %` },
    barClass: 'bar-upright',
  });
  const worn = days.filter((day) => day.wornS > 0);
  const slouchScale = niceScale(Math.max(d.goals.maxSlouchMinPerDay * 1.2, ...worn.map((day) => day.slouchMin)));
  const slouch = barChartSvg({
    title: 'Slouched minutes per day',
    bars: days.map((day, i) => ({
      label: dayLabel(day, i), value: day.wornS > 0 ? day.slouchMin : null,
      title: `${shortDay(day.startMs, offset)}: ${day.wornS > 0 ? `${num(day.slouchMin)} min slouched, ${hours(day.wornS)} worn` : 'not worn'}`,
    })),
    ...slouchScale, yFormat: (v) => `${v}`,
    goal: { value: d.goals.maxSlouchMinPerDay, label: `goal ≤ ${d.goals.maxSlouchMinPerDay} min` },
    barClass: 'bar-slouch',
  });
  const hourPct = (h: ReportHour): number | null => (h.assessedS > 0 ? (h.slouchS / h.assessedS) * 100 : null);
  const hourScale = niceScale(Math.max(10, ...d.hours.map((h) => hourPct(h) ?? 0)));
  const profile = barChartSvg({
    title: 'Share of assessed time slouched, by hour of day',
    bars: d.hours.map((h) => ({
      label: String(h.hour).padStart(2, '0'), value: hourPct(h),
      title: `${hourRange(h.hour)}: ${h.assessedS > 0 ? `${pct(hourPct(h))} slouched of ${duration(h.assessedS)} assessed` : 'no data'}`,
    })),
    ...hourScale, yFormat: (v) => `${v} %`,
    barClass: 'bar-hour',
  });
  return `<section>
<h2>Day by day</h2>
<figure><h3>Upright % per day</h3>${upright}<figcaption class="chart-summary">${esc(uprightSummary(d))}</figcaption></figure>
<figure><h3>Slouched minutes per day</h3>${slouch}<figcaption class="chart-summary">${esc(slouchSummary(d))}</figcaption></figure>
<figure><h3>Slouching by hour of day</h3>${profile}<figcaption class="chart-summary">${esc(hourSummary(d.hours))}</figcaption></figure>
</section>`;
}

function uprightSummary(d: ReportData): string {
  const known = d.days.filter((day) => day.uprightPct !== null);
  if (known.length === 0) return 'No assessed time in this period.';
  const best = known.reduce((a, b) => ((b.uprightPct as number) > (a.uprightPct as number) ? b : a));
  const worst = known.reduce((a, b) => ((b.uprightPct as number) < (a.uprightPct as number) ? b : a));
  const offset = d.wearer.utcOffsetMin;
  const met = known.filter((day) => (day.uprightPct as number) >= d.goals.uprightPctTarget).length;
  return `Upright ${pct(d.summary.uprightPct)} of assessed time overall; the goal of ${d.goals.uprightPctTarget} % was met on ${met} of ${known.length} days with data. `
    + `Best ${shortDay(best.startMs, offset)} (${pct(best.uprightPct)}), lowest ${shortDay(worst.startMs, offset)} (${pct(worst.uprightPct)}).`;
}

function slouchSummary(d: ReportData): string {
  const worn = d.days.filter((day) => day.wornS > 0);
  if (worn.length === 0) return 'The sensor was not worn in this period.';
  const over = worn.filter((day) => day.slouchMin > d.goals.maxSlouchMinPerDay).length;
  return `${num(d.summary.slouchMinPerWornDay)} slouched minutes per worn day on average; ${over} of ${worn.length} worn days were over the goal of ${d.goals.maxSlouchMinPerDay} min.`;
}

function hourSummary(hoursOfDay: readonly ReportHour[]): string {
  const enough = hoursOfDay.filter((h) => h.assessedS >= HOUR_SUMMARY_MIN_ASSESSED_S);
  if (enough.length === 0) return 'Not enough assessed time to compare the hours of the day.';
  const share = (h: ReportHour): number => h.slouchS / h.assessedS;
  const worst = enough.reduce((a, b) => (share(b) > share(a) ? b : a));
  const best = enough.reduce((a, b) => (share(b) < share(a) ? b : a));
  return `Most slouching ${hourRange(worst.hour)} (${pct(share(worst) * 100)} of the assessed time then), least ${hourRange(best.hour)} (${pct(share(best) * 100)}).`;
}

function hourRange(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00–${String((hour + 1) % 24).padStart(2, '0')}:00`;
}

function recommendationsSection(d: ReportData): string {
  const r = d.recommendations;
  const items = r.items.map((item) => `<li><strong>${esc(item.name)}</strong>${item.pinned ? '<span class="tag">chosen by the coach</span>' : ''}
<span class="small">(${esc(item.category)}; ${esc(item.dose)})</span><br>${esc(item.reason)}</li>`);
  return `<section>
<h2>Recommendations</h2>
${r.message === null ? '' : `<p>${esc(capitalised(r.message))}.</p>`}
${items.length === 0 ? '<p>No exercises to recommend for this period.</p>' : `<ol class="recs">${items.join('\n')}</ol>`}
<p class="small">As of ${esc(date(Math.min(d.generatedMs, d.period.toMs - 1), d.wearer.utcOffsetMin))}, from the wearer's own numbers. ${esc(r.disclaimer)}</p>
</section>`;
}

function adherenceSection(a: ReportAdherence, offset: number): string {
  const plan = a.planStartMs === null ? 'No exercise plan has been started.' : `Exercise plan started on ${date(a.planStartMs, offset)}.`;
  const weeks = a.weeks.map((w) => {
    const full = w.daysInPeriod >= 7;
    const met = full ? (w.sessions >= a.goalSessionsPerWeek ? 'yes' : 'no') : 'partial week';
    return `<tr><td>${esc(date(w.startMs, offset))}</td><td class="n">${w.daysInPeriod}</td><td class="n">${w.sessions}</td><td class="n">${a.goalSessionsPerWeek}</td><td>${esc(met)}</td></tr>`;
  });
  const exercises = a.exercises.map((e) => `<tr><td>${esc(e.name)}</td><td>${e.pinned ? 'yes' : ''}</td><td>${esc(e.dose)}</td>`
    + `<td class="n">${e.timesLogged}</td><td>${e.lastDoneMs === null ? NONE : esc(date(e.lastDoneMs, offset))}</td></tr>`);
  return `<section>
<h2>Exercise adherence</h2>
<p>${esc(plan)} ${a.sessions} exercise session${a.sessions === 1 ? '' : 's'} logged in this period; the goal is ${a.goalSessionsPerWeek} a week
(exercises logged within an hour of each other count as one session).</p>
<table><thead><tr><th>Week of</th><th class="n">Days in period</th><th class="n">Sessions</th><th class="n">Goal</th><th>Met</th></tr></thead>
<tbody>${weeks.join('\n')}</tbody></table>
${exercises.length === 0
    ? '<p>No exercises pinned or logged in this period.</p>'
    : `<table><thead><tr><th>Exercise</th><th>Pinned</th><th>Dose</th><th class="n">Times logged</th><th>Last done</th></tr></thead>
<tbody>${exercises.join('\n')}</tbody></table>`}
</section>`;
}

function notesSection(notes: readonly ReportNote[], offset: number): string {
  const body = notes.length === 0
    ? '<p>No coach notes for this period.</p>'
    : notes.map((n) => {
      const about = n.day === null ? 'General note' : `On ${date(Date.parse(`${n.day}T00:00:00Z`), 0)}`;
      const by = `${n.authorName ?? 'a former coach'}, written ${date(n.createdMs, offset)}`;
      return `<p class="note-meta">${esc(about)} · ${esc(by)}</p><blockquote>${esc(n.text)}</blockquote>`;
    }).join('\n');
  return `<section>
<h2>Coach notes</h2>
${body}
</section>`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
