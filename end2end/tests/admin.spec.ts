import { expect, test } from '@playwright/test';
import { collectErrors, jsEnabled, open, signIn, targetedActivityId, PASSWORD } from './helpers';

test('an admin creates an agreement with a promise and a targeted activity, then publishes it', async ({ page, request }, testInfo) => {
  const errors = collectErrors(page);
  const slug = `e2e-${jsEnabled(testInfo) ? 'js' : 'nojs'}-${Date.now()}`;
  // An old period, so that the agreement in force (which the other tests read) stays the front page's.
  await signIn(page, testInfo, 'e2e-admin');
  await open(page, testInfo, '/admin');
  await expect(page.getByRole('heading', { name: 'Avtal', exact: true })).toBeVisible();

  // The new agreement: a bad period is refused with a message on the field, and nothing is created.
  const form = page.locator('section', { has: page.getByRole('heading', { name: 'Nytt avtal' }) });
  await form.getByLabel('Adressnamn').fill(slug);
  await form.getByLabel('Kommuner').selectOption(['0686', '0687']);
  await form.getByLabel('Lokalpolisområde').selectOption('hoglandet');
  await form.getByLabel('Rubrik').fill(`Löfte ${slug}`);
  await form.getByLabel('Gäller från').fill('2016-01-01');
  await form.getByLabel('Gäller till').fill('2015-12-31');
  await form.getByLabel('Undertecknat').fill('2015-12-15');
  await form.getByLabel('Bakgrund').fill('Bakgrunden.');
  await form.getByLabel('Uppföljning').fill('Följs upp varje halvår.');
  await form.getByLabel('Undertecknare').fill('Test Testsson; Ordförande; Testkommun');
  await form.getByRole('button', { name: 'Skapa avtalet' }).click();
  await expect(page.getByText('slutdatumet kan inte ligga före startdatumet')).toBeVisible();

  // The form came back with everything that was typed: only the refused field needs changing.
  const again = page.locator('section', { has: page.getByRole('heading', { name: 'Nytt avtal' }) });
  await expect(again.getByLabel('Adressnamn')).toHaveValue(slug);
  await expect(again.getByLabel('Kommuner')).toHaveValues(['0686', '0687']);
  await expect(again.getByLabel('Lokalpolisområde')).toHaveValue('hoglandet');
  await expect(again.getByLabel('Gäller från')).toHaveValue('2016-01-01');
  await expect(again.getByLabel('Bakgrund')).toHaveValue('Bakgrunden.');
  await expect(again.getByLabel('Undertecknare')).toHaveValue('Test Testsson; Ordförande; Testkommun');
  await again.getByLabel('Gäller till').fill('2016-12-31');
  await again.getByRole('button', { name: 'Skapa avtalet' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/avtal/${slug}$`));
  await expect(page.getByRole('heading', { name: `Löfte ${slug}` })).toBeVisible();
  await expect(page.getByText('Ej publicerat')).toBeVisible();

  // Not public yet.
  expect((await request.get(`/api/v1/agreements/${slug}/progress`)).status()).toBe(404);

  await page.getByLabel('Nytt löfte').fill('Vi ska minska narkotikabruket bland unga.');
  await page.getByRole('button', { name: 'Lägg till löftet' }).click();
  await expect(page.getByRole('heading', { name: 'Löfte 1', exact: true })).toBeVisible();

  const promise = page.locator('article.promise-edit').first();
  await promise.getByText('Ny aktivitet').click();
  await promise.getByLabel('Aktivitet', { exact: true }).fill('Minst tio riktade insatser mot narkotika.');
  await promise.getByLabel('Ansvarig').selectOption('police');
  await promise.getByLabel('Det som räknas').selectOption('targeted_operation');
  await promise.getByLabel('Mål (antal, tomt för inget)').fill('10');
  await promise.getByLabel('Målet gäller').selectOption('period');
  await promise.getByRole('button', { name: 'Lägg till aktiviteten' }).click();
  await expect(page.getByRole('heading', { name: 'Aktivitet 1', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Publicera', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Avpublicera' })).toBeVisible();

  // Now it is public: on its page and in the open-data API.
  const list = await (await request.get('/api/v1/agreements')).json();
  expect(list.map((a: { slug: string }) => a.slug)).toContain(slug);
  const progress = await (await request.get(`/api/v1/agreements/${slug}/progress`)).json();
  expect(progress.promises[0].activities[0]).toMatchObject({ measure: 'targeted_operation', target: 10, achieved: 0 });
  await open(page, testInfo, `/avtal/${slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Löfte ${slug}`);
  await expect(page.getByText('Minst tio riktade insatser mot narkotika.')).toBeVisible();

  // And the trail is in the log.
  await open(page, testInfo, '/admin/logg?entity=agreement');
  await expect(page.getByText('agreement.publish').first()).toBeVisible();
  // The refused first try is logged by the browser as a failed (422) request; nothing else may be.
  if (jsEnabled(testInfo)) expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
});

test('officers cannot open the admin pages', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'e2e-officer');
  await open(page, testInfo, '/admin');
  await expect(page.getByRole('alert')).toHaveText('Ditt konto har inte behörighet till detta.');
  await expect(page.getByRole('heading', { name: 'Nytt avtal' })).toHaveCount(0);
});

// At a phone's width every link of the admin navigation is on the screen: the bar wraps, nothing is cut off.
test('the admin navigation fits a 360 px screen', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'e2e-admin');
  await open(page, testInfo, '/admin');
  const links = page.locator('nav.admin-nav a');
  await expect(links).toHaveCount(5);
  const width = page.viewportSize()?.width ?? 0;
  expect(width).toBe(360);
  for (const link of await links.all()) {
    const box = await link.boundingBox();
    expect(box, await link.innerText()).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, await link.innerText()).toBeLessThanOrEqual(width);
  }
});

test("an officer's notes with markup in them show as typed on the admin's correction page and add no element", async ({ page, playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  const officer = await playwright.request.newContext({ baseURL });
  const signedIn = await officer.post('/api/v1/session', { data: { username: 'e2e-officer', password: PASSWORD } });
  expect(signedIn.ok()).toBeTruthy();
  const notes = 'ok </textarea><b data-inj>X</b><form action="/api/v1/admin/users/create"><button>Spara</button></form>';
  const id = crypto.randomUUID();
  const sync = await officer.post('/api/v1/reports', {
    data: [{
      id, kind: 'targeted_operation', activity_id: await targetedActivityId(officer),
      created_at: '2019-05-14T20:15:00Z', date: '2019-05-14', start_time: '18:00', end_time: '22:00',
      place: 'Resecentrum', officers: 2, persons_checked: 1, persons_21_or_under: 0, youths_identified: 0,
      drug_offences_reported: 0, notes,
    }],
  });
  expect((await sync.json())[0].status).toBe('created');
  await officer.dispose();

  await signIn(page, testInfo, 'e2e-admin');
  await open(page, testInfo, `/admin/rapporter/${id}`);
  await expect(page.locator('textarea[name="notes"]')).toHaveValue(notes);
  await expect(page.locator('b[data-inj]')).toHaveCount(0);
  await expect(page.locator('form[action="/api/v1/admin/users/create"]')).toHaveCount(0);
});
