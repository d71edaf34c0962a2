/**
 * The device, calibration and settings routes of one wearer (team notes, "Wearer resources"; contracts
 * section 4 for calibration), typed, so each path is written once.
 */
import { api } from '../../lib/api/client.js';
import type {
  CalibrationList, Device, DeviceCreated, DeviceList, PairingCode, Wearer, WearerSettings, WearerSettingsAnswer,
} from '../../lib/api/types.js';

/** A window in sensor time, epoch ms, `from` inclusive, `to` exclusive. */
export interface SensorWindow {
  from: number;
  to: number;
}

/** `POST /api/wearers/:id/calibration`'s answer. */
export interface CalibrationResult {
  deviceId: string;
  t: number;
  method: string;
  /** 0..1. */
  quality: number;
  /** The figures the quality was judged from (neutralSpreadDeg, bendDepthDeg, ...). */
  detail: Record<string, number | string>;
}

export function deviceApi(wearerId: string) {
  const base = `/api/wearers/${encodeURIComponent(wearerId)}`;
  const device = (id: string) => `/api/devices/${encodeURIComponent(id)}`;
  return {
    wearer: () => api.get<Wearer>(base),
    devices: async () => (await api.get<DeviceList>(`${base}/devices`)).devices,
    pair: (name: string) => api.post<DeviceCreated>(`${base}/devices`, name.trim() ? { name: name.trim() } : {}),
    pairingCode: () => api.post<PairingCode>(`${base}/pairing-codes`, {}),
    rename: (id: string, name: string) => api.patch<Device>(device(id), { name }),
    unpair: (id: string) => api.del<void>(device(id)),
    calibrations: async (limit = 10) => (await api.get<CalibrationList>(`${base}/calibrations`, { limit })).calibrations,
    calibrate: (neutral: SensorWindow, bend: SensorWindow) => api.post<CalibrationResult>(`${base}/calibration`, { neutral, bend }),
    settings: () => api.get<WearerSettingsAnswer>(`${base}/settings`),
    saveSettings: (body: Partial<Omit<WearerSettings, 'utcOffsetMin'>>) => api.put<WearerSettingsAnswer>(`${base}/settings`, body),
  };
}

export type DeviceApi = ReturnType<typeof deviceApi>;
