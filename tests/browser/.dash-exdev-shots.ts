// Manual screenshots for dash-exdev (removed before handing over).
import fs from 'node:fs';
import { launchBrowser } from './browser-harness.js';

const info = JSON.parse(fs.readFileSync('/tmp/dash-exdev/manual.log', 'utf8').trim().split('\n').pop()!);
const who = process.env.WHO === 'coach' ? info.coach : info.wearerA;
const browser = await launchBrowser();
const width = Number(process.env.W ?? 1280);
const context = await browser.newContext({ baseURL: info.base, viewport: { width, height: 900 }, colorScheme: process.env.DARK ? 'dark' : 'light' });
const page = await context.newPage();
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console', m.type(), m.text()); });
page.on('pageerror', (e) => console.log('pageerror', e.message));
const login = await (await fetch(`${info.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: who.email, password: who.password }) })).json();
await page.goto('/#/signin');
await page.evaluate(`localStorage.setItem('stance.session', ${JSON.stringify(JSON.stringify({ token: login.token, user: login.user }))})`);
await page.reload();
await page.waitForTimeout(1000);
for (const tab of (process.env.TABS ?? 'exercises,device').split(',')) {
  await page.goto(`/#/w/${info.wearerA.wearerId}/${tab}`);
  await page.waitForTimeout(Number(process.env.WAIT ?? 3000));
  if (process.env.ACTION) await eval(process.env.ACTION);
  const file = `/tmp/dash-exdev/${tab}-${width}${process.env.DARK ? '-dark' : ''}${process.env.SUFFIX ?? ''}.png`;
  if (process.env.SEL) await page.locator(process.env.SEL).first().screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: true });
  const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  console.log(tab, 'overflow', overflow);
}
await browser.close();
