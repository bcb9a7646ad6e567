import { expect, test } from '@playwright/test';
import { jsEnabled, open, signIn } from './helpers';
import { IN_PERIOD } from './field';

// An officer who chose English gets the officer pages, and the same checks, in English: in the browser
// before anything is queued (with JavaScript), or from the server that refuses the post (without it).
test('an officer who chose English reports in English, with the same checks', async ({ page }, testInfo) => {
  await signIn(page, testInfo, 'e2e-officer');
  await page.goto('/sprak/en/rapportera');
  await open(page, testInfo, '/rapportera');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Targeted operation' })).toBeVisible();

  await page.getByLabel('Date').fill(IN_PERIOD);
  await page.getByLabel('Start', { exact: true }).fill('18:00');
  await page.getByLabel('End', { exact: true }).fill('17:00');
  await page.getByLabel('Place').fill('Resecentrum');
  await page.getByLabel('Number of officers').fill('3');
  await page.getByLabel('Persons checked').fill('6');
  await page.getByLabel('Of whom aged 21 or under').fill('4');
  await page.getByLabel('Young people identified as drug users').fill('1');
  await page.getByLabel('Drug offences reported').fill('2');
  await page.getByLabel('Notes (optional)').fill('Kontroll av 19900101-1234');
  await page.getByRole('button', { name: 'Save the operation' }).click();

  await expect(page.getByText('must not contain personal identity numbers')).toBeVisible();
  await expect(page.getByText('must be after the start time')).toBeVisible();
  await expect(page.getByText('får inte innehålla personnummer')).toHaveCount(0);
  const summary = jsEnabled(testInfo)
    ? 'The report has errors and has not been saved.'
    : 'The report was not saved: correct the marked fields.';
  await expect(page.getByRole('alert').filter({ hasText: summary })).toBeVisible();
});

// A refusal is kept in the queue as data, so it reads in whatever language the officer reads now.
test('a report refused in Swedish reads in English in the queue after the switch', async ({ page }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the offline queue needs JavaScript');
  await signIn(page, testInfo, 'e2e-officer');
  await open(page, testInfo, '/rapportera/ko');
  // A report queued by an older version of the app (no problems stored yet), which the server refuses.
  await page.evaluate((day) => {
    const id = crypto.randomUUID();
    const item = {
      id, kind: 'targeted_operation', activity_id: 3, created_at: new Date().toISOString(), date: day,
      start_time: '18:00', end_time: '22:00', place: 'Torget', officers: 2, persons_checked: 1,
      persons_21_or_under: 2, youths_identified: 0, drug_offences_reported: 0, notes: '',
    };
    localStorage.setItem('lofte.queue.v1', JSON.stringify({
      entries: [{ id, kind: 'targeted_operation', item, queued_at: Date.now(), state: 'waiting' }],
      sent: [],
    }));
  }, IN_PERIOD);
  await page.reload();
  await page.getByRole('button', { name: 'Skicka nu' }).click();
  const entry = page.getByTestId('queue-entry');
  await expect(entry).toContainText('kan inte vara fler än antalet kontrollerade personer');

  await page.goto('/sprak/en/rapportera/ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(entry).toContainText('Of whom aged 21 or under: cannot be more than the number of people checked');
  await expect(entry).not.toContainText('kan inte vara fler');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('lofte.queue.v1') ?? '{}'));
  expect(stored.entries[0].problems.persons_21_or_under.code).toBe('more_youths_than_checked');
});
