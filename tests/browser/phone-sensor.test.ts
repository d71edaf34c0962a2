/**
 * The phone as a sensor, in Chromium: the page pairs itself as a device of the wearer, and synthetic
 * DeviceMotion events dispatched in the page (as a phone's sensors would fire them) go out as protocol
 * batches over MQTT-over-WebSocket under the device's own credentials, which the service accepts and
 * analyses. Then the guided calibration on the device screen, with a scripted sensor that sits still and
 * bends when the screen says so, comes back with its quality.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { deviceTopic, encodeJsonBatch, encodeStatus } from '@stance/protocol';
import { launchBrowser, newPage, screenshot, signInWithToken, startStanceForBrowser, type StanceForBrowser } from './browser-harness.js';

async function metric(stance: StanceForBrowser, line: RegExp): Promise<number> {
  const text = (await stance.service.app.inject({ method: 'GET', url: '/metrics' })).body;
  return Number(line.exec(text)?.[1] ?? Number.NaN);
}

const acceptedSamples = (stance: StanceForBrowser) => metric(stance, /^posture_samples_total (\d+)/m);
/** Publishes and subscriptions the broker refused under the device ACL: a page keeping to it causes none. */
const aclRefusals = async (stance: StanceForBrowser) =>
  (await metric(stance, /^posture_mqtt_acl_refusals_total\{action="publish"\} (\d+)/m)) +
  (await metric(stance, /^posture_mqtt_acl_refusals_total\{action="subscribe"\} (\d+)/m));

/**
 * Motion events every 20 ms in the page, as a phone strapped to the back fires them: leaning 10 ± 8° forward
 * and back over about six seconds (θ = 10 + 8 sin(t), t in s), with the rotation rate that goes with it
 * (about the phone's x axis, −dθ/dt, in deg/s) and m/s² including gravity.
 */
const START_MOTION = `(() => {
  const t0 = performance.now();
  window.__stanceMotion = setInterval(() => {
    const t = (performance.now() - t0) / 1000;
    const r = (10 + 8 * Math.sin(t)) * Math.PI / 180;
    window.dispatchEvent(new DeviceMotionEvent('devicemotion', {
      accelerationIncludingGravity: { x: 0.1, y: 9.80665 * Math.cos(r), z: 9.80665 * Math.sin(r) },
      rotationRate: { alpha: 0, beta: -8 * Math.cos(t), gamma: 0 },
      interval: 20,
    }));
  }, 20);
})()`;

/**
 * A sensor scripted from Node: one-second JSON batches at 50 Hz whose trunk angle is `angleAt(t)`, with the
 * gyroscope consistent with it (up = (0, cos θ, sin θ) in the sensor frame, so ω_x = −dθ/dt).
 */
function scriptedSensor(url: string, id: string, token: string, angleAt: (tMs: number) => number): { client: MqttClient; stop: () => void } {
  const hz = 50;
  const client = mqtt.connect(url, {
    clientId: id, username: id, password: token, reconnectPeriod: 200,
    will: { topic: deviceTopic(id, 'status'), payload: encodeStatus({ online: false }), qos: 1, retain: true },
  });
  client.on('connect', () => client.publish(deviceTopic(id, 'status'), encodeStatus({ online: true, battery: 80 }), { qos: 1, retain: true }));
  let seq = 0;
  let t0 = Math.floor(Date.now() / 1000) * 1000 - 1000;
  const timer = setInterval(() => {
    while (t0 + 1000 <= Date.now()) {
      const acc = new Float64Array(3 * hz);
      const gyr = new Float64Array(3 * hz);
      for (let i = 0; i < hz; i++) {
        const t = t0 + (i * 1000) / hz;
        const deg = angleAt(t);
        const rate = (angleAt(t + 5) - angleAt(t - 5)) / 0.01;
        const r = (deg * Math.PI) / 180;
        acc.set([0, Math.cos(r), Math.sin(r)], 3 * i);
        gyr.set([-rate, 0, 0], 3 * i);
      }
      client.publish(deviceTopic(id, 'imu'), encodeJsonBatch({ seq: seq++, t0Ms: t0, hz, count: hz, acc, gyr }), { qos: 1 });
      t0 += 1000;
    }
  }, 100);
  return { client, stop: () => { clearInterval(timer); client.end(true); } };
}

describe('the phone as a sensor', () => {
  let stance: StanceForBrowser;
  let browser: Browser;

  beforeAll(async () => {
    stance = await startStanceForBrowser({ historyHours: 0, live: false });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stance?.stop();
  });

  it('pairs the phone and publishes its motion as batches the service stores', async () => {
    const { page, consoleErrors, context } = await newPage(browser, stance, { width: 390, height: 844 });
    context.setDefaultTimeout(15_000);
    const wearer = stance.wearerB;
    await signInWithToken(page, stance, wearer, `/w/${wearer.wearerId}/phone`);
    await page.getByRole('button', { name: 'Pair this phone' }).click();
    await expect.poll(() => page.getByText(/^Paired as/).count()).toBe(1);
    const saved = JSON.parse(String(await page.evaluate(`localStorage.getItem('stance.phone-sensor.${wearer.wearerId}')`))) as { deviceId: string; token: string };
    expect(saved.token.length).toBeGreaterThan(15);

    const before = await acceptedSamples(stance);
    await page.getByRole('button', { name: 'Start sending' }).click();
    await page.evaluate(START_MOTION);
    await expect.poll(() => page.getByText('Connected, sending').count(), { timeout: 15_000 }).toBe(1);
    const sent = page.getByTestId('samples-sent');
    await expect.poll(async () => Number((await sent.textContent())?.replace(/\D/g, '')), { timeout: 20_000 }).toBeGreaterThanOrEqual(150);
    await expect.poll(() => acceptedSamples(stance), { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 150);

    // Stored and analysed as the wearer's posture, from the phone's device.
    const token = await stance.tokenOf(wearer);
    const now = Date.now();
    await expect.poll(async () => {
      const answer = await stance.api<{ points: unknown[] }>(token, 'GET', `/api/wearers/${wearer.wearerId}/posture?from=${now - 120_000}&to=${now + 60_000}`);
      return answer.points.length;
    }, { timeout: 15_000 }).toBeGreaterThan(0);
    const devices = await stance.api<{ devices: { id: string; online: boolean; fw: string | null }[] }>(token, 'GET', `/api/wearers/${wearer.wearerId}/devices`);
    expect(devices.devices).toEqual([expect.objectContaining({ id: saved.deviceId, online: true, fw: 'phone-1.0.0' })]);
    expect(await page.getByTestId('phone-angle').textContent()).toMatch(/^\d+°$/);
    expect(await aclRefusals(stance)).toBe(0);
    await screenshot(page, 'phone-sensor');

    // Stop: the retained status says offline.
    await page.evaluate('clearInterval(window.__stanceMotion)');
    await page.getByRole('button', { name: 'Stop sending' }).click();
    await expect.poll(async () => {
      const d = await stance.api<{ devices: { online: boolean }[] }>(token, 'GET', `/api/wearers/${wearer.wearerId}/devices`);
      return d.devices[0]?.online;
    }, { timeout: 10_000 }).toBe(false);

    // Unpaired elsewhere: the broker refuses the old password, the page says so and pairs the same id again.
    await stance.api(token, 'DELETE', `/api/devices/${saved.deviceId}`);
    await page.getByRole('button', { name: 'Start sending' }).click();
    await expect.poll(() => page.getByText('Refused by the service').count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Pair this phone again' }).click();
    await expect.poll(async () => {
      const again = JSON.parse(String(await page.evaluate(`localStorage.getItem('stance.phone-sensor.${wearer.wearerId}')`))) as { deviceId: string; token: string };
      return again.deviceId === saved.deviceId && again.token !== saved.token;
    }).toBe(true);
    await page.getByRole('button', { name: 'Start sending' }).click();
    await expect.poll(() => page.getByText('Connected, sending').count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Stop sending' }).click();
    // The page's own requests that failed on purpose (none here) would show as console errors.
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('runs the guided calibration against a sensor that does what the screen says, and shows its quality', async () => {
    const wearer = stance.wearerB;
    const token = await stance.tokenOf(wearer);
    const created = await stance.api<{ id: string; token: string }>(token, 'POST', `/api/wearers/${wearer.wearerId}/devices`, { name: 'Scripted clip' });
    let bendStartMs = Number.POSITIVE_INFINITY;
    const BEND_MS = 4000;
    const angleAt = (t: number): number => (t > bendStartMs && t < bendStartMs + BEND_MS ? 35 * Math.sin((Math.PI * (t - bendStartMs)) / BEND_MS) : 0);
    const sensor = scriptedSensor(stance.mqttUrl, created.id, created.token, angleAt);
    const { page, consoleErrors, context } = await newPage(browser, stance);
    context.setDefaultTimeout(15_000);
    try {
      await signInWithToken(page, stance, wearer, `/w/${wearer.wearerId}/device`);
      await expect.poll(() => page.getByText('The sensor is sending data.').count(), { timeout: 20_000 }).toBe(1);
      await page.getByRole('button', { name: 'Start calibration' }).click();
      await page.waitForSelector('text=Step 2:', { timeout: 20_000 });
      bendStartMs = Date.now() + 500;
      await expect.poll(() => page.locator('.calibration .quality').textContent(), { timeout: 40_000 }).toMatch(/\d+%/);
      const quality = Number(/(\d+)%/.exec((await page.locator('.calibration .quality').textContent()) ?? '')?.[1]);
      expect(quality).toBeGreaterThan(50);
      expect(await page.locator('.calibration').textContent()).toMatch(/You bent forward about \d+°/);
      await expect.poll(() => page.getByRole('region', { name: 'Calibration' }).locator('.history li').count()).toBe(1);
      await screenshot(page, 'device-calibrated');
      const list = await stance.api<{ calibrations: { deviceId: string; method: string }[] }>(token, 'GET', `/api/wearers/${wearer.wearerId}/calibrations`);
      expect(list.calibrations[0]).toEqual(expect.objectContaining({ deviceId: created.id, method: 'windows' }));
      expect(consoleErrors).toEqual([]);
    } finally {
      sensor.stop();
      await context.close();
    }
  }, 90_000);
});
