import { expect, test } from '@playwright/test';
import { jsEnabled, open, signIn, PASSWORD } from './helpers';

// A municipality's own admin sees only its agreements, and its officer's form offers only their activities.
// The agreement is an old one, so that the front page the other tests read keeps showing the seeded one.
test('a municipality admin sees only their agreements and their officer reports only for them', async ({ page, request }, testInfo) => {
  const slug = `e2e-nassjo-${jsEnabled(testInfo) ? 'js' : 'nojs'}-${Date.now()}`;
  const title = `Löfte ${slug}`;
  // A national admin copies the seeded agreement to Nässjö and publishes it.
  expect((await request.post('/api/v1/session', { data: { username: 'e2e-admin', password: PASSWORD } })).status()).toBe(200);
  const admin = (path: string, form: Record<string, string>) => request.post(`/api/v1/admin/${path}`, { form });
  expect((await admin('agreements/copy', { id: '1', slug, valid_from: '2014-01-01', valid_to: '2015-12-31' })).status()).toBe(200);
  const copy = await (await admin('agreements/get', { slug })).json();
  const updated = await admin('agreements/update', {
    id: String(copy.id), version: String(copy.version), municipalities: '0682', police_area: 'hoglandet', title,
    valid_from: '2014-01-01', valid_to: '2015-12-31', signed_on: '2014-01-01', background: 'Bakgrund.',
    follow_up: 'Uppföljning.', signatories: '',
  });
  expect(updated.status()).toBe(200);
  expect((await admin('agreements/publish', { id: String(copy.id), version: String(copy.version + 1), published: 'true' })).status()).toBe(200);

  await signIn(page, testInfo, 'e2e-nassjo-admin');
  await open(page, testInfo, '/admin');
  await expect(page.getByTestId('admin-scope')).toContainText('Nässjö kommun');
  await expect(page.getByText(title)).toBeVisible();
  await expect(page.getByText('Medborgarlöfte i Sävsjö kommun 2018-2019')).toHaveCount(0);
  // Its edit page opens; the seeded agreement's is not found.
  await open(page, testInfo, `/admin/avtal/${slug}`);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await open(page, testInfo, '/admin/avtal/savsjo-2018-2019');
  await expect(page.getByRole('heading', { name: title })).toHaveCount(0);
  await expect(page.getByText('Medborgarlöfte i Sävsjö kommun 2018-2019')).toHaveCount(0);

  await signIn(page, testInfo, 'e2e-nassjo-officer');
  await open(page, testInfo, '/rapportera');
  await page.getByLabel('Datum').fill('2015-05-10');
  const options = page.locator('select#activity_id option');
  await expect(options.filter({ hasText: 'Nässjö kommun' }).first()).toBeAttached();
  await expect(options.filter({ hasText: 'Sävsjö kommun' })).toHaveCount(0);
});
