/**
 * The demo's cast: one coach and three wearers with distinct habits, each with a sensor that has two weeks of
 * history and keeps streaming live. Every account has the same published password: this is a demo.
 */
import { IMPROVING, RARELY_WORN, WORSENING, type Habit } from './wearer-habits.js';

export const DEMO_PASSWORD = 'stance-demo-1';
export const DEMO_ADMIN = Object.freeze({ email: 'admin@example.org', name: 'Administrator' });
export const DEMO_COACH = Object.freeze({ email: 'coach@example.org', name: 'Carla Coach' });

export interface DemoWearer {
  /** Short stable key: the device id is `demo-KEY`. */
  key: string;
  name: string;
  email: string;
  habit: Habit;
  /** firmware-sim scenario the live sensor plays, endlessly. */
  liveScenario: string;
  /** Base seed of the wearer's history and live sensor. */
  seed: number;
}

export const DEMO_WEARERS: readonly DemoWearer[] = Object.freeze([
  { key: 'ada', name: 'Ada Lovelace', email: 'ada@example.org', habit: IMPROVING, liveScenario: 'desk-day', seed: 101 },
  // buzz-responder: slouches that end when the sensor buzzes, so the live view shows alerts and corrections.
  { key: 'ben', name: 'Ben Okafor', email: 'ben@example.org', habit: WORSENING, liveScenario: 'buzz-responder', seed: 202 },
  // not-worn: clipped on for a minute, then left on the desk, as this wearer does.
  { key: 'cleo', name: 'Cleo Martin', email: 'cleo@example.org', habit: RARELY_WORN, liveScenario: 'not-worn', seed: 303 },
]);
