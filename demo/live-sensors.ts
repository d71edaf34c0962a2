/**
 * The demo's live sensors: one firmware-sim `SimDevice` per wearer publishing over MQTT to the service's
 * embedded broker in real time, with its token, exactly as a real clip-on sensor would (rate limit, ACL,
 * haptic commands included). Each plays its scenario over and over for as long as the demo runs.
 */
import { openScenario, SimDevice, type DeviceStream, type ScenarioStream } from '@stance/firmware-sim';

/** Sample rate of the live sensors, Hz. */
const LIVE_RATE_HZ = 25;
/** Length of one run of the scenario before the next starts where it ended, s. */
const SEGMENT_S = 2 * 3600;

/** A scenario repeated endlessly, each run continuing the previous one's sensor clock (seed + 1 each time). */
export function repeatingScenario(scenario: string, seed: number, startMs: number): DeviceStream {
  let run = 0;
  let endMs = startMs;
  const open = (): ScenarioStream => openScenario(scenario, { seed: seed + run, rateHz: LIVE_RATE_HZ, durationS: SEGMENT_S, startMs: endMs });
  let current = open();
  return {
    rateHz: LIVE_RATE_HZ,
    durationS: Infinity,
    next(n) {
      let block = current.next(n);
      if (block.count === 0) {
        run += 1;
        current = open();
        block = current.next(n);
      }
      endMs = block.t0Ms + Math.round((block.count * 1000) / LIVE_RATE_HZ);
      return block;
    },
    notifyHaptic() {
      current.notifyHaptic();
    },
  };
}

export interface LiveSensorSpec {
  deviceId: string;
  token: string;
  scenario: string;
  seed: number;
}

/** Starts one live sensor per spec; resolves once each has had its first batch acknowledged. */
export async function startLiveSensors(brokerUrl: string, specs: readonly LiveSensorSpec[]): Promise<SimDevice[]> {
  const devices = specs.map(
    (spec) =>
      new SimDevice({
        deviceId: spec.deviceId,
        token: spec.token,
        brokerUrl,
        stream: repeatingScenario(spec.scenario, spec.seed, Date.now()),
        format: 'binary',
        speed: 1,
        batteryPct: 60 + (spec.seed % 35),
      }),
  );
  await Promise.all(
    devices.map(
      (device) =>
        new Promise<void>((resolve, reject) => {
          device.once('ack', () => resolve());
          device.once('refused', reject);
          device.start();
        }),
    ),
  );
  return devices;
}
