/** The live stream's events (`GET /api/wearers/:id/live`, text/event-stream). */
import type { PosturePoint } from './posture-types.js';

export type LiveStateName = 'upright' | 'slouched' | 'moving' | 'walking' | 'lying' | 'not_worn' | 'offline';

export interface LiveState {
  state: LiveStateName;
  /** When this state began, epoch ms. */
  since: number;
}

export interface LiveDeviceStatus {
  id: string;
  online: boolean;
  battery: number | null;
  lastSeenMs: number | null;
}

/** First event on every connection. */
export interface LiveSnapshot {
  point: PosturePoint | null;
  state: LiveState | null;
  devices: LiveDeviceStatus[];
}

export interface LiveAlert {
  buzzMs: number;
  outcome: string;
  repeat: number;
}

export interface LiveStatus {
  deviceId: string;
  online: boolean;
  battery: number | null;
}
