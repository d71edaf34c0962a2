/**
 * The phone's own device credentials, kept in this browser's localStorage (per wearer) so the phone stays the
 * same device across visits: the token is shown by the service only once, at pairing, and this page is the
 * "sensor" that must remember it. Forgetting them (or unpairing the device) means pairing again.
 */
import type { DeviceCreated } from '../../lib/api/types.js';

export interface PhoneCredentials {
  wearerId: string;
  deviceId: string;
  name: string;
  token: string;
  /** WebSocket path of the broker on this host ("/mqtt"). */
  wsPath: string;
  pairedMs: number;
}

const keyOf = (wearerId: string) => `stance.phone-sensor.${wearerId}`;

export function loadCredentials(wearerId: string): PhoneCredentials | null {
  try {
    const saved = JSON.parse(localStorage.getItem(keyOf(wearerId)) ?? 'null') as PhoneCredentials | null;
    return saved && saved.wearerId === wearerId && saved.deviceId && saved.token ? saved : null;
  } catch {
    return null;
  }
}

export function saveCredentials(created: DeviceCreated, nowMs = Date.now()): PhoneCredentials {
  const creds: PhoneCredentials = {
    wearerId: created.wearerId,
    deviceId: created.id,
    name: created.name,
    token: created.token,
    wsPath: created.mqtt.wsPath || '/mqtt',
    pairedMs: nowMs,
  };
  localStorage.setItem(keyOf(created.wearerId), JSON.stringify(creds));
  return creds;
}

export function forgetCredentials(wearerId: string): void {
  localStorage.removeItem(keyOf(wearerId));
}

/** The broker's WebSocket URL on the host that served this page. */
export function brokerUrl(wsPath: string, loc: Location = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${wsPath.startsWith('/') ? wsPath : `/${wsPath}`}`;
}

/** A name for the device list that says what this is ("Phone sensor (Android)"). */
export function phoneDeviceName(userAgent: string = navigator.userAgent): string {
  const platform = /iPhone|iPad|iPod/.test(userAgent) ? 'iPhone' : /Android/.test(userAgent) ? 'Android' : 'browser';
  return `Phone sensor (${platform})`;
}
