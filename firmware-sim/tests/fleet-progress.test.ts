import { describe, expect, it } from 'vitest';
import { createDeviceCounters } from '../src/device/device-counters.js';
import { FleetProgress, formatProgressLine, type FleetSnapshot } from '../src/fleet/fleet-progress.js';
import { DEFAULT_FLEET_SETTINGS } from '../src/fleet/fleet-settings.js';
import { fleetExitCode, formatFleetSummary, summariseFleet } from '../src/fleet/fleet-summary.js';

function snapshot(acknowledged: number, expectedBatches = 200): FleetSnapshot {
  return {
    elapsedS: 12.3,
    phase: 'running',
    devices: 4,
    online: 3,
    totals: { ...createDeviceCounters(), generated: acknowledged + 10, acknowledged, buffered: 10, reconnects: 2 },
    expectedBatches,
  };
}

function sink(isTTY: boolean): { out: () => string; write: (t: string) => void; isTTY: boolean; columns: number } {
  let text = '';
  return { write: (t) => void (text += t), out: () => text, isTTY, columns: 80 };
}

describe('fleet progress', () => {
  it('shows a bar when the total is known, and the counts', () => {
    expect(formatProgressLine(snapshot(100), 10)).toBe(
      '[#####.....]  50% | 12s running | 3/4 online | gen 110 ack 100 buf 10 drop 0 | reconn 2 haptic 0',
    );
    expect(formatProgressLine(snapshot(100, Infinity), 10)).toMatch(/^12s running/);
  });

  it('redraws one line on a terminal and writes plain, throttled lines otherwise', () => {
    const tty = sink(true);
    const p = new FleetProgress(tty, { ttyIntervalMs: 100 });
    p.update(snapshot(10), 0);
    p.update(snapshot(20), 50); // too soon
    p.update(snapshot(30), 100);
    p.notice('sim-001: offline buffer full');
    p.finish(snapshot(200));
    expect(tty.out().split('\r').length).toBeGreaterThanOrEqual(4);
    expect(tty.out()).not.toContain('ack 20 ');
    expect(tty.out()).toContain('\r\x1b[Ksim-001: offline buffer full\n');
    expect(tty.out().endsWith('\n')).toBe(true);

    const plain = sink(false);
    const q = new FleetProgress(plain, { plainIntervalMs: 5000 });
    q.update(snapshot(10), 0);
    q.update(snapshot(20), 4000);
    q.update(snapshot(30), 5000);
    q.finish(snapshot(200));
    expect(plain.out()).not.toContain('\r');
    expect(plain.out().trim().split('\n')).toHaveLength(3);
  });
});

describe('fleet summary', () => {
  const settings = { ...DEFAULT_FLEET_SETTINGS, scenarios: ['desk-day'] };
  const device = (id: string, generated: number, acknowledged: number, dropped: number) => ({
    deviceId: id,
    scenario: 'desk-day',
    counters: { ...createDeviceCounters(), generated, acknowledged, dropped, sent: acknowledged, buffered: generated - acknowledged - dropped },
  });

  it('is OK and exits 0 only when every generated batch was acknowledged and none dropped', () => {
    const ok = summariseFleet(settings, [device('a', 10, 10, 0), device('b', 5, 5, 0)], 2, false);
    expect(ok.totals.generated).toBe(15);
    expect(fleetExitCode(ok)).toBe(0);
    expect(formatFleetSummary(ok)).toContain('result: OK');

    const lost = summariseFleet(settings, [device('a', 10, 8, 2), device('b', 5, 4, 0)], 2, false);
    expect(fleetExitCode(lost)).toBe(1);
    expect([lost.devicesWithDrops, lost.devicesNotDrained]).toEqual([1, 1]);
    expect(formatFleetSummary(lost)).toContain('result: FAILED, 3 batch(es) not acknowledged, 2 dropped');

    expect(fleetExitCode(summariseFleet(settings, [device('a', 0, 0, 0)], 1, false))).toBe(1);
  });

  it('never puts a token in the summary', () => {
    const s = summariseFleet({ ...settings, tokens: { kind: 'same', token: 'hunter2' } }, [device('a', 1, 1, 0)], 1, false);
    expect(JSON.stringify(s)).not.toContain('hunter2');
  });
});
