/** Short labels for a row of days on a chart axis: "Mon 17" for a week, "17" for a month. */
const weekdayDay = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'short', day: 'numeric' });
const dayOnly = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', day: 'numeric' });
const weekdayOnly = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', weekday: 'short' });

export function dayAxisLabels(days: readonly number[], utcOffsetMin: number): string[] {
  const format = days.length > 7 ? dayOnly : weekdayDay;
  return days.map((d) => format.format(new Date(d + utcOffsetMin * 60_000)));
}

/** "Mon".."Sun" for the days of a week (the overlay of two weeks shares them). */
export function weekdayLabels(days: readonly number[], utcOffsetMin: number): string[] {
  return days.map((d) => weekdayOnly.format(new Date(d + utcOffsetMin * 60_000)));
}
