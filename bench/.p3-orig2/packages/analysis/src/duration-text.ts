/** Durations, hours of the day and numbers in the plain words recommendation reasons use. */

/** "2 h 10 min", "45 min", "1 h", "30 s". Rounded to whole minutes from a minute up. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 59.5) return `${Math.round(s)} s`;
  const totalMin = Math.round(s / 60);
  const h = Math.floor(totalMin / 60);
  const min = totalMin % 60;
  if (h === 0) return `${min} min`;
  return min === 0 ? `${h} h` : `${h} h ${min} min`;
}

/** "2 pm", "11 am", "12 pm" (noon), "12 am" (midnight), from a local hour 0..23 (24 means midnight). */
export function formatClockHour(hour: number): string {
  const h = ((Math.round(hour) % 24) + 24) % 24;
  const twelve = h % 12 === 0 ? 12 : h % 12;
  return `${twelve} ${h < 12 ? 'am' : 'pm'}`;
}

/** One decimal for small values, whole numbers from 10 up: "3.2", "18". */
export function formatNumber(value: number): string {
  return Math.abs(value) < 10 ? value.toFixed(1) : Math.round(value).toString();
}

/** A fraction 0..1 as a whole percentage: "41%". */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
