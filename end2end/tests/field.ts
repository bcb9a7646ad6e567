import { APIRequestContext, expect, Page } from '@playwright/test';

/** A day inside the seeded agreement's period (2018-04-10 – 2020-04-09). */
export const IN_PERIOD = '2019-05-14';

/** Fills in and saves the targeted-operation form; `n` makes each report's place different. */
export async function recordOperation(page: Page, n: number, notes = '') {
  await page.getByLabel('Datum').fill(IN_PERIOD);
  await page.getByLabel('Start', { exact: true }).fill('18:00');
  await page.getByLabel('Slut', { exact: true }).fill('22:00');
  await page.getByLabel('Plats').fill(`Resecentrum ${n}`);
  await page.getByLabel('Antal poliser').fill('3');
  await page.getByLabel('Kontrollerade personer').fill('6');
  await page.getByLabel('Varav 21 år eller yngre').fill('4');
  await page.getByLabel('Ungdomar som identifierats som brukare').fill('1');
  await page.getByLabel('Narkotikabrott anmälda').fill('2');
  await page.getByLabel('Anteckningar (valfritt)').fill(notes);
  await page.getByRole('button', { name: 'Spara insatsen' }).click();
}

/** How many targeted operations the server counts for the seeded agreement. */
export async function operationsOnServer(request: APIRequestContext, base = ''): Promise<number> {
  const res = await request.get(`${base}/api/v1/agreements/savsjo-2018-2019/progress`);
  expect(res.ok()).toBeTruthy();
  const body = await res.json();
  const ops = body.promises.flatMap((p: any) => p.activities).find((a: any) => a.measure === 'targeted_operation');
  return ops.achieved;
}

export function badge(page: Page) {
  return page.getByTestId('queue-badge');
}
