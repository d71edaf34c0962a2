// Manual phone-page check for dash-exdev (removed before handing over).
import fs from 'node:fs';
import { launchBrowser } from './browser-harness.js';

const info = JSON.parse(fs.readFileSync('/tmp/dash-exdev/manual.log', 'utf8').trim().split('\n').pop()!);
const who = info.wearerB;
const browser = await launchBrowser();
const context = await browser.newContext({ baseURL: info.base, viewport: { width: 390, height: 844 } });
const page = await context.newPage();
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
const login = await (await fetch(`${info.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: who.email, password: who.password }) })).json();
await page.goto('/#/signin');
await page.evaluate(`localStorage.setItem('stance.session', ${JSON.stringify(JSON.stringify({ token: login.token, user: login.user }))})`);
await page.reload();
await page.waitForTimeout(800);
await page.goto(`/#/w/${who.wearerId}/phone`);
await page.getByRole('button', { name: 'Pair this phone' }).click();
await page.getByRole('button', { name: 'Start sending' }).click();
// 50 Hz synthetic motion: phone upright on the back, a slow forward lean.
await page.evaluate(`(() => {
  let i = 0;
  window.__motion = setInterval(() => {
    const deg = 10 + 10 * Math.sin(i++ / 100);
    const r = deg * Math.PI / 180;
    window.dispatchEvent(new DeviceMotionEvent('devicemotion', {
      accelerationIncludingGravity: { x: 0.05, y: 9.80665 * Math.cos(r), z: 9.80665 * Math.sin(r) },
      rotationRate: { alpha: 0.1, beta: 0.5, gamma: -0.2 },
      interval: 20,
    }));
  }, 20);
})()`);
await page.waitForTimeout(Number(process.env.SECONDS ?? 12) * 1000);
await page.screenshot({ path: '/tmp/dash-exdev/phone-390.png', fullPage: true });
console.log('samples text', await page.getByTestId('samples-sent').textContent());
const posture = await (await fetch(`${info.base}/api/wearers/${who.wearerId}/posture?from=${Date.now() - 120000}&to=${Date.now()}`, { headers: { authorization: `Bearer ${login.token}` } })).json();
console.log('points', posture.points?.length, JSON.stringify(posture.points?.slice(-2)));
const metrics = await (await fetch(`${info.base}/metrics`)).text();
console.log(metrics.split('\n').filter((l) => /posture_samples_total|batches_rejected_total\{/.test(l)).join('\n'));
await page.getByRole('button', { name: 'Stop sending' }).click();
await page.waitForTimeout(1000);
const devices = await (await fetch(`${info.base}/api/wearers/${who.wearerId}/devices`, { headers: { authorization: `Bearer ${login.token}` } })).json();
console.log(JSON.stringify(devices));
await browser.close();
