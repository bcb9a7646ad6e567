import { expect, test, APIRequestContext } from '@playwright/test';
import { jsEnabled, open, signIn, PASSWORD } from './helpers';

/** A date `days` from today, as YYYY-MM-DD. Two days either way stays clear of midnight in Stockholm. */
function dayFromToday(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function addExtra(request: APIRequestContext, place: string, date: string) {
  const session = await request.post('/api/v1/session', { data: { username: 'e2e-admin', password: PASSWORD } });
  expect(session.status()).toBe(200);
  const res = await request.post('/api/v1/admin/office-hours/extras/create', {
    form: { place, kind: 'centre', date, start_time: '10:00', end_time: '11:00', note: '' },
  });
  expect(res.status()).toBe(200);
}

test('an officer marks one occurrence held and cancels a coming one, which the public then sees', async ({ page, request }, testInfo) => {
  const tag = jsEnabled(testInfo) ? 'js' : 'nojs';
  const past = `Torget ${tag} ${Date.now()}`;
  const coming = `Biblioteket ${tag} ${Date.now()}`;
  await addExtra(request, past, dayFromToday(-2));
  await addExtra(request, coming, dayFromToday(2));

  await signIn(page, testInfo, 'e2e-officer');
  await open(page, testInfo, '/rapportera');
  await page.getByRole('navigation', { name: 'Rapportering' }).getByRole('link', { name: 'Öppettider' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Öppettider');

  const held = page.locator('li', { hasText: past });
  await held.getByRole('button', { name: 'Hölls' }).click();
  await expect(page.locator('li', { hasText: past }).locator('.status')).toHaveText('Hölls');

  // A coming occurrence cannot be held yet, only cancelled, and a cancellation needs a reason.
  const ahead = page.locator('li', { hasText: coming });
  await expect(ahead.getByRole('button', { name: 'Hölls' })).toHaveCount(0);
  await ahead.getByText('Ställ in', { exact: true }).click();
  await ahead.getByLabel('Skäl (visas för allmänheten)').fill('Polisen kallas till annan ort');
  await ahead.getByRole('button', { name: 'Ställ in tillfället' }).click();
  await expect(page.locator('li', { hasText: coming }).locator('.status')).toHaveText(
    'Inställt: Polisen kallas till annan ort',
  );

  await open(page, testInfo, '/oppettider');
  const listed = page.locator('li', { hasText: coming });
  await expect(listed.locator('del')).toContainText(coming);
  await expect(listed).toContainText('Polisen kallas till annan ort');
});
