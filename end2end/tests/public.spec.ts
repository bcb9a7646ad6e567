import { expect, test } from '@playwright/test';
import { collectErrors, jsEnabled, loadsApp, open, signIn } from './helpers';
import { operationsOnServer } from './field';

test('the front page shows the Sävsjö agreement with its promises and progress', async ({ page, request }, testInfo) => {
  const errors = collectErrors(page);
  const response = await open(page, testInfo, '/');
  expect(response?.status()).toBe(200);

  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medborgarlöfte i Sävsjö kommun 2018-2019');
  await expect(page.getByText('Sävsjö kommun och Lokalpolisområde Högländet')).toBeVisible();
  await expect(page.getByText('Gäller 10 april 2018 – 9 april 2020')).toBeVisible();
  await expect(page.getByText('Perioden är avslutad')).toBeVisible();

  await expect(page.getByRole('heading', { level: 3 })).toHaveText([
    'Öka den polisiära tillgängligheten och servicen.',
    'Att öka upptäckten av narkotikabruk, främst hos unga i åldern 21 år och yngre. Med syfte att minska bruket av narkotika.',
  ]);
  // Other tests may have reported operations already: the figure on the page must match the API's.
  const achieved = await operationsOnServer(request);
  const operations = page.getByRole('progressbar', { name: `${achieved} av 15 riktade insatser` });
  await expect(operations).toBeVisible();
  await expect(operations).toHaveAttribute('max', '15');
  await expect(page.getByRole('progressbar', { name: /samverkansmöten$/ })).toHaveCount(3);
  await expect(page.getByText('Jonas Lindell')).toBeVisible();

  // Nothing may overflow a 360 px screen sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  if (jsEnabled(testInfo)) expect(errors).toEqual([]);
});

test('an unknown address gets a readable not-found page', async ({ page }, testInfo) => {
  const response = await open(page, testInfo, '/avtal/finns-inte');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Sidan finns inte' })).toBeVisible();
  await page.getByRole('link', { name: 'Till startsidan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medborgarlöfte i Sävsjö kommun 2018-2019');
});

test('the open-data API answers next to the pages', async ({ request }) => {
  const res = await request.get('/api/v1/agreements/savsjo-2018-2019/progress');
  expect(res.status()).toBe(200);
  const body = await res.json();
  const ops = body.promises.flatMap((p: any) => p.activities).find((a: any) => a.measure === 'targeted_operation');
  expect(ops.target).toBe(15);
  expect(ops.cadence).toBe('period');
  expect(Number.isInteger(ops.achieved) && ops.achieved >= 0).toBe(true);
});

test('only the officer pages download WASM: public and admin pages are documents', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'about what the browser downloads when it runs JavaScript');
  const wasm: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(r.url());
  });
  for (const path of ['/', '/avtal/savsjo-2018-2019', '/avtal/savsjo-2018-2019/uppfoljning', '/oppettider', '/tillganglighet', '/logga-in']) {
    await page.goto(path);
    await expect(page.locator('main h1')).toBeVisible();
    expect(await loadsApp(page), path).toBe(false);
  }
  expect(wasm).toEqual([]);

  // The admin pages are server-rendered forms: no WASM either.
  await signIn(page, testInfo, 'e2e-admin');
  for (const path of ['/admin', '/admin/oppettider', '/admin/personer', '/admin/rapporter', '/admin/logg']) {
    await open(page, testInfo, path);
    expect(await loadsApp(page), path).toBe(false);
  }
  expect(wasm).toEqual([]);

  // An officer's page loads the islands' WASM once; a link to a public page is an ordinary page load,
  // which downloads none.
  await signIn(page, testInfo, 'e2e-officer');
  await open(page, testInfo, '/rapportera');
  expect(wasm.length).toBe(1);
  await page.locator('header').getByRole('link', { name: 'Möt polisen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Möt polisen');
  expect(await loadsApp(page)).toBe(false);
  expect(wasm.length).toBe(1);
});

test('each activity has its own page with its progress and pace', async ({ page, request }, testInfo) => {
  await open(page, testInfo, '/avtal/savsjo-2018-2019');
  await page.getByRole('link', { name: /minst femton riktade insatser/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/minst femton riktade insatser/);
  const achieved = await operationsOnServer(request);
  await expect(page.getByRole('progressbar', { name: `${achieved} av 15 riktade insatser` })).toBeVisible();
  await expect(page.getByText('Del av löftet: Att öka upptäckten av narkotikabruk', { exact: false })).toBeVisible();
  await page.getByRole('link', { name: 'Medborgarlöfte i Sävsjö kommun 2018-2019' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medborgarlöfte i Sävsjö kommun 2018-2019');
});
