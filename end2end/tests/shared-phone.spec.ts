import { expect, test } from '@playwright/test';
import { jsEnabled, open, signIn, PASSWORD } from './helpers';
import { badge, operationsOnServer, recordOperation } from './field';

/** Whether any page the service worker keeps carries `name`. */
async function keptPagesMention(page: import('@playwright/test').Page, name: string): Promise<boolean> {
  return page.evaluate(async (name) => {
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        if (response && (await response.text()).includes(name)) return true;
      }
    }
    return false;
  }, name);
}

// One phone, two officers: A records while the sync API cannot be reached and signs out; B signs in on the
// same phone. Nothing of A's is sent under B's name or shown to B; when A signs in again, A's reports arrive
// under A's name, once. Signing out leaves no kept page with A's name on the phone.
test('on a shared phone, reports are sent only by the officer who saved them', async ({ page, playwright }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the offline queue needs JavaScript');
  const baseURL = testInfo.project.use.baseURL;
  const request = await playwright.request.newContext({ baseURL });
  await signIn(page, testInfo, 'e2e-officer');
  await open(page, testInfo, '/rapportera');
  await page.evaluate(() => navigator.serviceWorker.ready);
  const before = await operationsOnServer(request);

  await page.route('**/api/v1/reports', (route) => route.abort());
  const mark = `${Date.now()}`;
  await recordOperation(page, Number(mark.slice(-6)));
  await recordOperation(page, Number(mark.slice(-6)) + 1);
  await expect(badge(page)).toHaveText('2');

  // A signs out: asked first, since two reports wait; they stay on the phone.
  let warning = '';
  page.once('dialog', async (dialog) => {
    warning = dialog.message();
    await dialog.accept();
  });
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await expect(page.getByRole('link', { name: 'Logga in' })).toBeVisible();
  expect(warning).toContain('2 rapporter');
  await expect.poll(() => keptPagesMention(page, 'e2e-officer')).toBe(false);
  await page.unroute('**/api/v1/reports');

  // B on the same phone: A's reports are neither sent nor listed, only counted.
  await signIn(page, testInfo, 'e2e-officer-b');
  await open(page, testInfo, '/rapportera/ko');
  await expect(page.getByTestId('waiting-for-others')).toContainText('2 rapporter väntar på att en annan polis');
  await expect(page.getByTestId('queue-entry')).toHaveCount(0);
  await expect(badge(page)).toHaveText('0');
  await page.getByRole('button', { name: 'Skicka nu' }).click();
  await expect(page.getByTestId('sync-status')).toHaveText('Allt är skickat.');
  expect(await operationsOnServer(request)).toBe(before);
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await expect(page.getByRole('link', { name: 'Logga in' })).toBeVisible();

  // A again: both reports arrive under A's name, once.
  await signIn(page, testInfo, 'e2e-officer');
  await open(page, testInfo, '/rapportera/ko');
  // Waited for on the server: the queue's list loads after the page, so an empty list proves nothing yet.
  await expect.poll(() => operationsOnServer(request), { timeout: 15_000 }).toBe(before + 2);
  await expect(page.getByTestId('queue-entry')).toHaveCount(0);
  await expect(page.getByTestId('waiting-for-others')).toHaveCount(0);
  const admin = await request.post('/api/v1/session', { data: { username: 'e2e-admin', password: PASSWORD } });
  expect(admin.ok()).toBeTruthy();
  const list = await request.post('/api/v1/admin/reports/list', { form: { officer: 'e2e-officer' } });
  const places = (await list.json()).rows.map((r: any) => JSON.stringify(r.what));
  for (const n of [Number(mark.slice(-6)), Number(mark.slice(-6)) + 1]) {
    expect(places.filter((p: string) => p.includes(`Resecentrum ${n}"`))).toHaveLength(1);
  }
  const asB = await request.post('/api/v1/admin/reports/list', { form: { officer: 'e2e-officer-b' } });
  expect((await asB.json()).rows).toEqual([]);
  await request.dispose();
});

/** The addresses of the pages the service worker keeps. */
async function keptAddresses(page: import('@playwright/test').Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        if (response) urls.push(response.url);
      }
    }
    return urls;
  });
}

// Another officer signing in over a session that was never signed out: the pages kept for the first go. And
// a page sent back with a refusal in its address is never kept.
test('the kept pages are forgotten when another officer signs in, and a refused page is never kept', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the service worker needs JavaScript');
  await signIn(page, testInfo, 'e2e-officer');
  await open(page, testInfo, '/rapportera');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await open(page, testInfo, '/rapportera/mote');
  await expect.poll(() => keptPagesMention(page, 'e2e-officer<')).toBe(true);

  await open(page, testInfo, '/rapportera?__path=%2Fapi%2Fsubmit_report&__err=x');
  expect((await keptAddresses(page)).filter((url) => url.includes('__err'))).toEqual([]);

  await signIn(page, testInfo, 'e2e-officer-b');
  await expect.poll(() => keptPagesMention(page, 'e2e-officer<')).toBe(false);
  await open(page, testInfo, '/rapportera');
  await expect.poll(() => keptPagesMention(page, 'e2e-officer-b')).toBe(true);
});
