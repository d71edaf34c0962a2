/**
 * A battery that drains linearly with data time (sensor time, so a fleet at speed 10 drains ten times faster
 * in wall time). Good enough for the dashboard's battery column and low-battery alerts; not a discharge curve.
 */
export interface Battery {
  /** Charge at power-on, percent. */
  readonly startPct: number;
  /** Drain per hour of data, percent. */
  readonly drainPctPerH: number;
  /** Seconds of data produced so far. */
  elapsedS: number;
}

export function createBattery(startPct: number, drainPctPerH: number): Battery {
  return { startPct, drainPctPerH, elapsedS: 0 };
}

/** Advances by `dataS` seconds; returns true when the whole-percent reading changed (worth a status update). */
export function drainBattery(b: Battery, dataS: number): boolean {
  const before = batteryPercent(b);
  b.elapsedS += dataS;
  return batteryPercent(b) !== before;
}

/** Whole percent, 0..100, as the sensor reports it. */
export function batteryPercent(b: Battery): number {
  return Math.max(0, Math.min(100, Math.round(b.startPct - (b.drainPctPerH * b.elapsedS) / 3600)));
}
