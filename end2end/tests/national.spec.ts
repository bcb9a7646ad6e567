import AxeBuilder from '@axe-core/playwright';
import { APIRequestContext, expect, test } from '@playwright/test';
import { open, PASSWORD } from './helpers';

/** A date `days` from today, as YYYY-MM-DD. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A national admin copies the seeded agreement to `municipality`, in force today, and publishes it. */
async function inForce(request: APIRequestContext, slug: string, municipality: string, title: string) {
  expect((await request.post('/api/v1/session', { data: { username: 'e2e-admin', password: PASSWORD } })).status()).toBe(200);
  const admin = (path: string, form: Record<string, string>) => request.post(`/api/v1/admin/${path}`, { form });
  const [from, to] = [dayFromToday(-30), dayFromToday(365)];
  expect((await admin('agreements/copy', { id: '1', slug, valid_from: from, valid_to: to })).status()).toBe(200);
  const copy = await (await admin('agreements/get', { slug })).json();
  expect((await admin('agreements/update', {
    id: String(copy.id), version: String(copy.version), municipalities: municipality, police_area: 'hoglandet', title,
    valid_from: from, valid_to: to, signed_on: from, background: 'Bakgrund.', follow_up: 'Uppföljning.', signatories: '',
  })).status()).toBe(200);
  expect((await admin('agreements/publish', { id: String(copy.id), version: String(copy.version + 1), published: 'true' })).status()).toBe(200);
  await request.delete('/api/v1/session');
}

// Two agreements in force: the front page becomes the national overview.
test.beforeAll(async ({ request }, testInfo) => {
  const tag = `${testInfo.project.name}-${Date.now()}`;
  await inForce(request, `e2e-vetlanda-${tag}`, '0685', `Medborgarlöfte i Vetlanda ${tag}`);
  await inForce(request, `e2e-tranas-${tag}`, '0687', `Medborgarlöfte i Tranås ${tag}`);
});

test('from the front page to a municipality\'s agreement in two clicks', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Medborgarlöften i Sverige');
  await expect(page.getByText('aktiviteter med mål').first()).toBeVisible();
  await page.getByRole('link', { name: 'Vetlanda kommun', exact: true }).click();
  await expect(page).toHaveURL(/\/kommun\/0685$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vetlanda kommun');
  await page.getByRole('link', { name: `Medborgarlöfte i Vetlanda ${testInfo.project.name}` }).first().click();
  await expect(page).toHaveURL(/\/avtal\/e2e-vetlanda-/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Medborgarlöfte i Vetlanda');
});

test('the search by municipality works without JavaScript and goes straight to a single match', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await page.getByLabel('Sök din kommun').fill('tranås');
  await page.getByRole('button', { name: 'Sök' }).click();
  await expect(page).toHaveURL(/\/kommun\/0687$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tranås kommun');
  await open(page, testInfo, '/?kommun=upplands');
  await expect(page.getByRole('link', { name: 'Upplands Väsby kommun' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Upplands-Bro kommun' })).toBeVisible();
});

for (const lang of ['sv', 'en']) {
  test(`axe finds no WCAG 2.1 A/AA violations on the national overview in ${lang}`, async ({ browser, baseURL }) => {
    // Public pages load no WASM: the page as the server rendered it, with axe's script allowed to run.
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 360, height: 740 } });
    await context.addCookies([{ name: 'i18n_pref_locale', value: lang, url: baseURL! }]);
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.locator('form[role="search"]')).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(5);
    await context.close();
  });
}
