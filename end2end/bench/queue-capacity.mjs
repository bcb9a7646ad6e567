// Queue capacity benchmark: how many queued reports fit in the browser's localStorage.
// Records one report through the real form (offline, so it stays queued), takes the entry exactly as the
// app stored it, then fills the queue with copies (fresh ids) until Chromium refuses to store more.
// Finally reloads the page to check that the app reads a full queue back.
// Usage: node bench/queue-capacity.mjs BASE_URL USERNAME PASSWORD
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:3300', username = 'bench', password = process.env.LOFTE_PASSWORD] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
const page = await context.newPage();
// The sign-in page is a plain server-rendered form (public pages load no WASM).
await page.goto(`${base}/logga-in?next=/rapportera`);
await page.fill('#username', username);
await page.fill('#password', password);
await page.click('form button[type=submit]:has-text("Logga in")');
await page.waitForURL(`${base}/rapportera`);
await page.waitForSelector('body[data-hydrated]');
// The reload at the end is offline, so the service worker must control the page first.
await page.evaluate(() => navigator.serviceWorker.ready);
if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
  await page.reload();
  await page.waitForSelector('body[data-hydrated]');
}

await context.setOffline(true);
await page.fill('#date', '2019-05-14');
await page.fill('#start_time', '18:00');
await page.fill('#end_time', '22:00');
await page.fill('#place', 'Resecentrum');
await page.fill('#persons_checked', '6');
await page.fill('#persons_21_or_under', '4');
await page.fill('#youths_identified', '1');
await page.fill('#drug_offences_reported', '2');
await page.fill('#notes', 'Rutinkontroller vid resecentrum och busstationen.');
await page.click('button:has-text("Spara insatsen")');
await page.waitForFunction(() => JSON.parse(localStorage.getItem('lofte.queue.v1') || '{"entries":[]}').entries.length === 1);

const result = await page.evaluate(() => {
  const key = 'lofte.queue.v1';
  const queue = JSON.parse(localStorage.getItem(key));
  const template = queue.entries[0];
  const copy = () => {
    const id = crypto.randomUUID();
    return { ...template, id, item: { ...template.item, id } };
  };
  const fits = (n) => {
    const entries = Array.from({ length: n }, copy);
    try {
      localStorage.setItem(key, JSON.stringify({ entries, sent: [] }));
      return true;
    } catch (e) {
      if (e.name !== 'QuotaExceededError') throw e;
      return false;
    }
  };
  let low = 1;
  let high = 2;
  while (fits(high)) { low = high; high *= 2; }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid)) low = mid; else high = mid;
  }
  fits(low);
  const stored = localStorage.getItem(key);
  return { reports: low, charsPerReport: JSON.stringify(template).length, storedChars: stored.length };
});

await page.reload();
await page.waitForSelector('body[data-hydrated]');
const badge = await page.locator('[data-testid=queue-badge]').textContent();
console.log('queue capacity (Chromium localStorage):');
console.log(`  reports that fit     ${result.reports}`);
console.log(`  JSON per report      ${result.charsPerReport} characters`);
console.log(`  queue as stored      ${(result.storedChars / 1024 / 1024).toFixed(2)} M characters`);
console.log(`  in 5 MiB (UTF-16)    ${Math.floor((5 * 1024 * 1024) / 2 / (result.charsPerReport + 1))} reports`);
console.log(`  badge after reload   ${badge}`);
if (Number(badge) !== result.reports) {
  console.error('the app did not read the full queue back');
  process.exitCode = 1;
}
await browser.close();
