import { expect, test } from '@playwright/test';
import { collectErrors, jsEnabled, open, signIn } from './helpers';

test('an officer signs in and out from the header', async ({ page }, testInfo) => {
  const errors = collectErrors(page);
  await open(page, testInfo, '/');
  await page.getByRole('link', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { name: 'Logga in' })).toBeVisible();

  await signIn(page, testInfo, 'e2e-officer');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('e2e-officer')).toBeVisible();

  await page.getByRole('button', { name: 'Logga ut' }).click();
  await expect(page.getByRole('link', { name: 'Logga in' })).toBeVisible();
  await expect(page.getByText('e2e-officer')).toHaveCount(0);

  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'lofte_session');
  if (session) {
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
  }
  if (jsEnabled(testInfo)) expect(errors).toEqual([]);
});

test('a wrong password is refused with a clear message', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'e2e-admin', 'fel lösenord', false);
  await expect(page.getByRole('alert')).toHaveText('Fel användarnamn eller lösenord.');
  await expect(page.getByRole('link', { name: 'Logga in' })).toBeVisible();
});

test('signing in returns to the page asked for', async ({ page }, testInfo) => {
  await open(page, testInfo, '/logga-in?next=/avtal/savsjo-2018-2019');
  await page.getByLabel('Användarnamn').fill('e2e-admin');
  await page.getByLabel('Lösenord').fill(process.env.E2E_PASSWORD ?? 'e2e-lösenord-som-är-långt');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page).toHaveURL(/\/avtal\/savsjo-2018-2019$/);
  await expect(page.getByText('e2e-admin')).toBeVisible();
});
