import { expect, test } from '@playwright/test';
import { spawn, ChildProcess } from 'node:child_process';
import { collectErrors, jsEnabled, open, signIn, PASSWORD } from './helpers';
import { badge, IN_PERIOD, operationsOnServer, recordOperation } from './field';

test('the officer pages ask anonymous visitors to sign in', async ({ page }, testInfo) => {
  const response = await open(page, testInfo, '/rapportera');
  expect(response?.status()).toBe(401);
  await expect(page.getByRole('heading', { name: 'Logga in för att rapportera' })).toBeVisible();
});

test('without JavaScript a report posts straight to the server with the same checks', async ({ page, request }, testInfo) => {
  test.skip(jsEnabled(testInfo), 'the no-JavaScript path');
  await signIn(page, testInfo, 'e2e-officer');
  await open(page, testInfo, '/rapportera');
  const before = await operationsOnServer(request);

  await recordOperation(page, 1, 'Kontroll av 19900101-1234');
  await expect(page.getByText('får inte innehålla personnummer')).toBeVisible();
  expect(await operationsOnServer(request)).toBe(before);
  // Everything typed comes back, except the text with the personal identity number, which is never echoed.
  await expect(page.getByLabel('Plats')).toHaveValue('Resecentrum 1');
  await expect(page.getByLabel('Datum')).toHaveValue(IN_PERIOD);
  await expect(page.getByLabel('Kontrollerade personer')).toHaveValue('6');
  await expect(page.getByLabel('Narkotikabrott anmälda')).toHaveValue('2');
  await expect(page.getByLabel('Anteckningar (valfritt)')).toHaveValue('');
  expect(page.url()).not.toContain('1234');

  await open(page, testInfo, '/rapportera');
  await recordOperation(page, 2);
  await expect(page.getByText('Rapporten är sparad på servern.')).toBeVisible();
  expect(await operationsOnServer(request)).toBe(before + 1);

  // Posting the very same form again (a double tap, a resent form) stores nothing new.
  await page.goBack();
  await page.getByRole('button', { name: 'Spara insatsen' }).click();
  expect(await operationsOnServer(request)).toBe(before + 1);
});

test.describe('with JavaScript', () => {
  test.beforeEach(async ({}, testInfo) => {
    test.skip(!jsEnabled(testInfo), 'the offline queue needs JavaScript');
  });

  test('a personnummer in the notes is caught before the report is queued', async ({ page }, testInfo) => {
    await signIn(page, testInfo, 'e2e-officer');
    await open(page, testInfo, '/rapportera');
    await expect(badge(page)).toHaveText('0');
    await recordOperation(page, 1, 'Pojke 0512314567 kontrollerad');
    await expect(page.locator('#notes-error')).toContainText('får inte innehålla personnummer');
    await expect(page.getByRole('alert')).toContainText('inte sparad');
    await expect(badge(page)).toHaveText('0');
    // The form keeps what was typed.
    await expect(page.getByLabel('Plats')).toHaveValue('Resecentrum 1');
  });

  test('(a) offline and reload: queued reports survive and reach the server once', async ({ page, context, request }, testInfo) => {
    const errors = collectErrors(page);
    await signIn(page, testInfo, 'e2e-officer');
    await open(page, testInfo, '/rapportera');
    await page.evaluate(() => navigator.serviceWorker.ready);
    const before = await operationsOnServer(request);

    await context.setOffline(true);
    for (const n of [1, 2, 3]) await recordOperation(page, n);
    await expect(badge(page)).toHaveText('3');
    await expect(page.getByTestId('announcer')).toContainText('försöker igen');

    await page.reload();
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await expect(badge(page)).toHaveText('3');
    expect(await operationsOnServer(request)).toBe(before);

    await context.setOffline(false);
    await expect(badge(page)).toHaveText('0', { timeout: 20_000 });
    expect(await operationsOnServer(request)).toBe(before + 3);
    await page.getByRole('link', { name: /^Kö/ }).click();
    await expect(page.getByTestId('sent-entry').filter({ hasText: 'Resecentrum 3' })).toBeVisible();
    expect(errors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  test.describe('without the service worker', () => {
    // Network interception must see the sync requests themselves.
    test.use({ serviceWorkers: 'block' });

    test('(b) flaky network: 20 reports, half the syncs failing, exactly 20 stored', async ({ page, request }, testInfo) => {
      test.setTimeout(120_000);
      await signIn(page, testInfo, 'e2e-officer');
      await open(page, testInfo, '/rapportera');
      const before = await operationsOnServer(request);
      let calls = 0;
      await page.route('**/api/v1/reports', async (route) => {
        calls += 1;
        if (calls % 4 === 1) {
          await route.abort('failed'); // never reached the server
        } else if (calls % 4 === 3) {
          await route.fetch(); // stored, but the answer is lost on the way back
          await route.abort('failed');
        } else {
          await route.continue();
        }
      });
      for (let n = 1; n <= 20; n++) await recordOperation(page, n);
      await expect(badge(page)).toHaveText('0', { timeout: 90_000 });
      expect(calls).toBeGreaterThanOrEqual(4);
      expect(await operationsOnServer(request)).toBe(before + 20);
    });

    test('a server that cannot store (503) keeps the reports on the phone, says why, and gets them once it can', async ({ page, request }, testInfo) => {
      test.setTimeout(90_000);
      await signIn(page, testInfo, 'e2e-officer');
      await open(page, testInfo, '/rapportera');
      const before = await operationsOnServer(request);
      let refused = 0;
      await page.route('**/api/v1/reports', async (route) => {
        refused += 1;
        await route.fulfill({
          status: 503,
          headers: { 'retry-after': '5' },
          contentType: 'application/json',
          body: JSON.stringify({ error: 'storage_full', message: 'Servern kan inte spara något just nu.' }),
        });
      });
      await recordOperation(page, 1);
      await recordOperation(page, 2);
      await expect(page.getByTestId('sync-status')).toContainText('Servern kan inte spara rapporter just nu');
      await expect(page.getByTestId('announcer')).toContainText('ligger kvar i telefonen');
      await expect(badge(page)).toHaveText('2');
      expect(refused).toBeGreaterThanOrEqual(1);
      expect(await operationsOnServer(request)).toBe(before);

      // Space is back: the queue's next try stores both, once.
      await page.unroute('**/api/v1/reports');
      await expect(badge(page)).toHaveText('0', { timeout: 60_000 });
      expect(await operationsOnServer(request)).toBe(before + 2);
    });

    test('the sending code, split off, cannot be fetched: the page keeps queueing and sends once it can', async ({ page, request }, testInfo) => {
      test.setTimeout(60_000);
      await signIn(page, testInfo, 'e2e-officer');
      await open(page, testInfo, '/rapportera');
      const before = await operationsOnServer(request);
      // The sync engine's sending is a WASM file of its own, fetched when the queue first holds a report.
      let refused = 0;
      await page.route('**/pkg/split_lofte_sync_sending*.wasm', async (route) => {
        refused += 1;
        await route.abort('failed');
      });
      await recordOperation(page, 1);
      await expect(page.getByTestId('announcer')).toContainText('försöker igen');
      expect(refused).toBeGreaterThanOrEqual(1);
      // The failed fetch did not stop the page's WASM: the form still checks and queues.
      await recordOperation(page, 2);
      await expect(badge(page)).toHaveText('2');
      expect(await operationsOnServer(request)).toBe(before);

      await page.unroute('**/pkg/split_lofte_sync_sending*.wasm');
      await expect(badge(page)).toHaveText('0', { timeout: 40_000 });
      expect(await operationsOnServer(request)).toBe(before + 2);
    });

    test('(c) the server stops in the middle of a sync and restarts: every report stored once', async ({ page, context, request }, testInfo) => {
      test.setTimeout(120_000);
      const port = 3101;
      const base = `http://127.0.0.1:${port}`;
      const env = { ...process.env, E2E_PORT: String(port), E2E_DB_DIR: 'target/e2e-restart' };
      const start = async (keep: boolean): Promise<ChildProcess> => {
        const server = spawn('./serve.sh', [], { env: { ...env, E2E_KEEP_DB: keep ? '1' : '' }, stdio: 'ignore' });
        await expect.poll(async () => (await request.get(`${base}/healthz`).catch(() => null))?.status(), { timeout: 30_000 }).toBe(200);
        return server;
      };
      let server = await start(false);
      try {
        await page.goto(`${base}/logga-in`);
        await page.getByLabel('Användarnamn').fill('e2e-officer');
        await page.getByLabel('Lösenord').fill(PASSWORD);
        await page.getByRole('button', { name: 'Logga in' }).click();
        await expect(page.locator('header .who')).toHaveText('e2e-officer');
        await page.goto(`${base}/rapportera`);
        await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

        await context.setOffline(true);
        for (let n = 1; n <= 10; n++) await recordOperation(page, n);
        await expect(badge(page)).toHaveText('10');

        // The first sync reaches the server, which stores the batch and dies before answering.
        let killed = false;
        await page.route('**/api/v1/reports', async (route) => {
          if (!killed) {
            killed = true;
            await route.fetch();
            server.kill('SIGKILL');
            await route.abort('connectionreset');
          } else {
            await route.continue();
          }
        });
        await context.setOffline(false);
        await expect.poll(() => killed).toBe(true);
        await expect(badge(page)).toHaveText('10');

        server = await start(true);
        await page.getByRole('link', { name: /^Kö/ }).click();
        await page.getByRole('button', { name: 'Skicka nu' }).click();
        await expect(badge(page)).toHaveText('0', { timeout: 30_000 });
        expect(await operationsOnServer(request, base)).toBe(10);
      } finally {
        server.kill('SIGTERM');
      }
    });

    test('a report the server refuses can be corrected, and one can be discarded after confirming', async ({ page, request }, testInfo) => {
      await signIn(page, testInfo, 'e2e-officer');
      await open(page, testInfo, '/rapportera');
      const before = await operationsOnServer(request);
      // Two reports queued by an older version of the app, which the server refuses.
      await page.evaluate((day) => {
        const item = (id: string, place: string) => ({
          id, kind: 'targeted_operation', activity_id: 3, created_at: new Date().toISOString(), date: day,
          start_time: '18:00', end_time: '22:00', place, officers: 2, persons_checked: 1,
          persons_21_or_under: 2, youths_identified: 0, drug_offences_reported: 0, notes: '',
        });
        const entry = (id: string, place: string) => ({
          id, kind: 'targeted_operation', item: item(id, place), queued_at: Date.now(), state: 'waiting',
        });
        localStorage.setItem('lofte.queue.v1', JSON.stringify({
          entries: [entry(crypto.randomUUID(), 'Torget'), entry(crypto.randomUUID(), 'Stationen')],
          sent: [],
        }));
      }, IN_PERIOD);
      await page.getByRole('link', { name: /^Kö/ }).click();
      await page.getByRole('button', { name: 'Skicka nu' }).click();
      const entries = page.getByTestId('queue-entry');
      await expect(entries).toHaveCount(2);
      await expect(entries.first()).toContainText('Avvisad');
      await expect(entries.first()).toContainText('Varav 21 år eller yngre: kan inte vara fler än antalet kontrollerade personer');
      await expect(page.getByTestId('announcer')).toContainText('2 rapporter avvisades');

      await entries.first().getByRole('link', { name: 'Rätta' }).click();
      await expect(page.getByRole('heading', { name: 'Rätta: riktad insats' })).toBeVisible();
      await expect(page.getByLabel('Plats')).toHaveValue('Torget');
      await page.getByLabel('Kontrollerade personer').fill('3');
      await page.getByRole('button', { name: 'Spara insatsen' }).click();
      await expect(page).toHaveURL(/\/rapportera\/ko$/);
      await expect(page.getByTestId('queue-entry')).toHaveCount(1, { timeout: 15_000 });
      expect(await operationsOnServer(request)).toBe(before + 1);

      const left = page.getByTestId('queue-entry');
      await left.getByRole('button', { name: 'Ta bort' }).click();
      await left.getByRole('button', { name: 'Avbryt' }).click();
      await expect(left).toHaveCount(1);
      await left.getByRole('button', { name: 'Ta bort' }).click();
      await left.getByRole('button', { name: 'Ja, ta bort rapporten' }).click();
      await expect(page.getByTestId('queue-entry')).toHaveCount(0);
      await expect(badge(page)).toHaveText('0');
      expect(await operationsOnServer(request)).toBe(before + 1);
    });
  });

  test('a full device storage gets a clear message and the form keeps its values', async ({ page, context }, testInfo) => {
    await signIn(page, testInfo, 'e2e-officer');
    await open(page, testInfo, '/rapportera');
    await context.setOffline(true);
    // Fill this site's localStorage to the brim with something else.
    await page.evaluate(() => {
      let chunk = 'x'.repeat(1 << 20);
      for (let i = 0; chunk.length > 0; i++) {
        try {
          localStorage.setItem(`filler-${i}`, chunk);
        } catch {
          chunk = chunk.slice(0, chunk.length >> 1);
        }
      }
    });
    await recordOperation(page, 7);
    await expect(page.getByRole('alert')).toContainText('Lagringsutrymmet på enheten är fullt');
    await expect(page.getByLabel('Plats')).toHaveValue('Resecentrum 7');
    await expect(page.getByLabel('Kontrollerade personer')).toHaveValue('6');
    await expect(badge(page)).toHaveText('0');
    await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler-')).forEach((k) => localStorage.removeItem(k)));
    await context.setOffline(false);
  });

  test('an expired session pauses the queue until the officer signs in again; nothing is dropped', async ({ page, context, request }, testInfo) => {
    await signIn(page, testInfo, 'e2e-officer');
    await open(page, testInfo, '/rapportera');
    const before = await operationsOnServer(request);
    await context.setOffline(true);
    await recordOperation(page, 11);
    await recordOperation(page, 12);
    await expect(badge(page)).toHaveText('2');
    await context.clearCookies(); // the session is gone
    await context.setOffline(false);
    await expect(page.getByTestId('sync-status')).toContainText('Du är utloggad');
    await expect(badge(page)).toHaveText('2');
    expect(await operationsOnServer(request)).toBe(before);

    await page.getByTestId('sync-status').getByRole('link', { name: 'Logga in' }).click();
    await page.getByLabel('Användarnamn').fill('e2e-officer');
    await page.getByLabel('Lösenord').fill(PASSWORD);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await expect(page).toHaveURL(/\/rapportera\/ko$/);
    await expect(badge(page)).toHaveText('0', { timeout: 20_000 });
    expect(await operationsOnServer(request)).toBe(before + 2);
  });

  test('(d) after one online visit the officer pages open and take reports with no network, the queue page too', async ({ page, context }, testInfo) => {
    await signIn(page, testInfo, 'e2e-officer');
    await open(page, testInfo, '/rapportera');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

    await context.setOffline(true);
    await page.goto('/rapportera/mote');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await page.goto('/rapportera');
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
    await expect(page.getByRole('heading', { name: 'Riktad insats' })).toBeVisible();
    await recordOperation(page, 99);
    await expect(badge(page)).toHaveText('1');
    // The queue page's island is WASM of its own, loaded only there: the worker kept it at the first visit.
    await page.goto('/rapportera/ko');
    await expect(page.getByTestId('queue-entry').filter({ hasText: 'Resecentrum 99' })).toBeVisible();
    await context.setOffline(false);
    await expect(badge(page)).toHaveText('0', { timeout: 20_000 });
  });
});
