/** Wearers, their settings and goals, and their devices as the API answers them. */

export interface Wearer {
  id: string;
  name: string;
  /** Minutes east of UTC; local days and hours are the wearer's. */
  utcOffsetMin: number;
  createdMs: number;
}

export interface WearerList {
  wearers: Wearer[];
}

export interface WearerSettings {
  /** Flexion beyond which sitting counts as slouched, degrees. */
  slouchDeg: number;
  alertDelayS: number;
  repeatIntervalS: number;
  maxRepeats: number;
  snoozeMin: number;
  quietHours: string[];
  utcOffsetMin: number;
}

/** `GET /api/wearers/:id/settings`: the effective settings and the defaults they override. */
export interface WearerSettingsAnswer {
  settings: WearerSettings;
  defaults: Omit<WearerSettings, 'utcOffsetMin'>;
}

export interface Goals {
  uprightPctTarget: number;
  maxSlouchMinPerDay: number;
  exerciseSessionsPerWeek: number;
  wornHoursPerDay: number;
}

export interface GoalsAnswer {
  goals: Goals;
  defaults: Goals;
}

export interface DataGaps {
  count: number;
  missingS: number;
  lastStartMs: number | null;
  lastEndMs: number | null;
}

export interface Device {
  id: string;
  name: string;
  wearerId: string | null;
  createdMs: number;
  disabled: boolean;
  online: boolean;
  /** 0..100, or null before the first status. */
  battery: number | null;
  fw: string | null;
  lastSeenMs: number | null;
  dataGaps: DataGaps;
}

export interface DeviceList {
  devices: Device[];
}

/** Token shown once. */
export interface DeviceCreated {
  id: string;
  wearerId: string;
  name: string;
  token: string;
  mqtt: { username: string; tcpPort: number; wsPath: string };
}

export interface PairingCode {
  code: string;
  expiresMs: number;
}
