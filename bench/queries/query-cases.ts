/**
 * The dashboard's main queries, as the URLs its screens request (apps/dashboard/src/screens/*: today, trends,
 * coach), for one wearer of the query dataset. Times are the wearer's local days ending at the dataset's end
 * (a Monday), so every range is full of data.
 */
import type { QueryDatasetSettings, QueryWearer } from './query-dataset.js';

const DAY_MS = 86_400_000;

export interface QueryCase {
  name: string;
  /** What the dashboard shows with it. */
  purpose: string;
  url(w: QueryWearer): string;
}

export function queryCases(s: QueryDatasetSettings): QueryCase[] {
  /** The wearer's local midnight at the end of the data. */
  const end = (w: QueryWearer): number => s.endDayMs - w.utcOffsetMin * 60_000;
  const base = (w: QueryWearer): string => `/api/wearers/${w.id}`;
  const range = (w: QueryWearer, days: number): string => `from=${end(w) - days * DAY_MS}&to=${end(w)}`;
  return [
    { name: 'summary, 30 days by day', purpose: 'trends: month', url: (w) => `${base(w)}/summary?${range(w, 30)}&bucket=day` },
    { name: 'summary, a year by day', purpose: 'trends: year', url: (w) => `${base(w)}/summary?${range(w, 365)}&bucket=day` },
    { name: 'summary, a week by hour', purpose: 'trends: week by hour', url: (w) => `${base(w)}/summary?${range(w, 7)}&bucket=hour` },
    { name: 'posture, a day per second', purpose: 'trends: day chart (28,800 points)', url: (w) => `${base(w)}/posture?${range(w, 1)}&step=1000` },
    { name: 'posture, a week at 1 min', purpose: 'trends: week chart', url: (w) => `${base(w)}/posture?${range(w, 7)}&step=60000` },
    { name: 'episodes, a month', purpose: 'trends: episode list', url: (w) => `${base(w)}/episodes?${range(w, 30)}` },
    { name: 'alerts, a month', purpose: 'trends: alerts', url: (w) => `${base(w)}/alerts?${range(w, 30)}` },
    { name: 'week comparison', purpose: 'home and coach: this week against last', url: (w) => `${base(w)}/week-comparison?weekStart=${end(w) - 7 * DAY_MS}` },
    { name: 'pattern, 4 weeks', purpose: 'trends: hour-by-weekday heat map', url: (w) => `${base(w)}/pattern?${range(w, 28)}` },
    { name: 'distribution, 30 days', purpose: 'trends: flexion histogram', url: (w) => `${base(w)}/distribution?${range(w, 30)}` },
  ];
}
