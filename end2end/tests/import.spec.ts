import { expect, test } from '@playwright/test';
import { jsEnabled, open, signIn } from './helpers';
import { badge } from './field';

// A published agreement in the usual shape, with an activity none of the built-in measures covers.
const TEXT = `Medborgarlöfte i Testby kommun 2016-2017

Med utgångspunkt i lägesbilden formulerar Testby kommun och Polisen ett medborgarlöfte, som börjar gälla från och med undertecknandet. Medborgarlöftet gäller i två år.

Polisen och kommunen lovar gemensamt att arbeta för:

- Ökad trygghet i centrum på kvällarna.

Det ska vi åstadkomma genom följande aktiviteter:

- Polisen och kommunen ska genomföra minst tio trygghetsvandringar under perioden.

Lägesbild

Invånarna känner sig otrygga i centrum på kvällarna.

Uppföljning

Löftet följs upp varje halvår.

Testby 2016-01-15

Anna Andersson
Kommunstyrelsens ordförande
Testby kommun

Bo Berg
Lokalpolisområdeschef
Lokalpolisområde Testby`;

// An admin imports an agreement from its text, adjusts the draft and publishes it; an officer then records
// one of its new activities (offline, with JavaScript) and the public figures count it. The agreement is an
// old one, so that the front page the other tests read keeps showing the seeded agreement.
test('an imported agreement is published and its new activity is counted', async ({ page, context, request }, testInfo) => {
  test.setTimeout(60_000);
  const js = jsEnabled(testInfo);
  const slug = `e2e-import-${js ? 'js' : 'nojs'}-${Date.now()}`;
  await signIn(page, testInfo, 'e2e-admin');
  await open(page, testInfo, '/admin/importera');
  await page.getByLabel('Avtalets text').fill(TEXT);
  await page.getByRole('button', { name: 'Läs texten' }).click();

  // The draft, for review: what the parser read, every field changeable.
  // Testby is no Swedish municipality: the draft has no code for it, and proposes the police area's slug.
  await expect(page.getByLabel('Kommun')).toHaveValue('');
  await expect(page.getByLabel('Lokalpolisområde')).toHaveValue('testby');
  await page.getByLabel('Kommun').fill('0685');
  await page.getByLabel('Lokalpolisområde').fill('hoglandet');
  await expect(page.getByLabel('Gäller från')).toHaveValue('2016-01-15');
  await expect(page.getByLabel('Gäller till')).toHaveValue('2018-01-14');
  await expect(page.getByLabel('Vad räknas (plural)')).toHaveValue('trygghetsvandringar');
  await page.getByLabel('Adressnamn (t.ex. savsjo-2021-2022)').fill(slug);
  await page.getByLabel('Rubrik').fill(`Löfte ${slug}`);
  await page.getByRole('button', { name: 'Skapa avtalet med löften och aktiviteter' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/avtal/${slug}$`));
  await page.getByRole('button', { name: 'Publicera', exact: true }).click();
  await expect(page.getByText('Ej publicerat')).toHaveCount(0);
  const progress = async () => {
    const body = await (await request.get(`/api/v1/agreements/${slug}/progress`)).json();
    return body.promises.flatMap((p: any) => p.activities).find((a: any) => a.measure === 'count');
  };
  expect((await progress()).achieved).toBe(0);

  // An officer records three walks.
  await signIn(page, testInfo, 'e2e-officer');
  await open(page, testInfo, '/rapportera/aktivitet');
  const day = '2017-05-10';
  if (js) {
    await page.evaluate(() => navigator.serviceWorker.ready);
    await context.setOffline(true);
  }
  await page.getByLabel('Datum').fill(day);
  // The list names the activity by its agreement's municipality and period, which the other project's run
  // of this test shares: choose this agreement's by its id.
  const activity = page.locator('select#activity_id');
  await expect(activity.locator('option', { hasText: 'Vetlanda kommun 2016-01-15 – 2018-01-14' }).first()).toBeAttached();
  await activity.selectOption(String((await progress()).id));
  await page.getByLabel('Hur många').fill('3');
  await page.getByLabel('Plats').fill('Torget');
  await page.getByLabel('Antal poliser').fill('2');
  await page.getByRole('button', { name: 'Spara aktiviteten' }).click();
  if (js) {
    await expect(badge(page)).toHaveText('1');
    expect((await progress()).achieved).toBe(0);
    await context.setOffline(false);
    await expect(badge(page)).toHaveText('0', { timeout: 20_000 });
  } else {
    await expect(page.getByText('Rapporten är sparad på servern.')).toBeVisible();
  }
  await expect.poll(async () => (await progress()).achieved).toBe(3);
});
