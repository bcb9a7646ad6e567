import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { jsEnabled, open, targetedActivityId } from './helpers';

// ACTIVITY stands for the page of the targeted operations' activity, whose id comes from the API.
const PUBLIC_PAGES = ['/', '/avtal/savsjo-2018-2019', '/avtal/savsjo-2018-2019/uppfoljning', '/avtal/savsjo-2018-2019/aktivitet/ACTIVITY', '/oppettider', '/kommun/0684', '/lan/06', '/tillganglighet', '/logga-in', '/finns-inte'];

for (const lang of ['sv', 'en']) {
  for (const listed of PUBLIC_PAGES) {
    test(`axe finds no WCAG 2.1 A/AA violations on ${listed} in ${lang}`, async ({ page: jsPage, browser, request, baseURL }, testInfo) => {
      const path = listed.replace('ACTIVITY', String(await targetedActivityId(request)));
      const chosen = { name: 'i18n_pref_locale', value: lang, url: baseURL! };
      let page = jsPage;
      if (!jsEnabled(testInfo)) {
        // axe runs as a script, so the page without JavaScript is checked in a context where scripts may run
        // but the app's own code is refused: the page stays exactly as the server rendered it.
        const context = await browser.newContext({ javaScriptEnabled: true });
        await context.addCookies([chosen]);
        await context.route('**/pkg/**', (route) => route.abort());
        page = await context.newPage();
        await page.goto(path);
      } else {
        await page.context().addCookies([chosen]);
        await open(page, testInfo, path);
      }
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(found).toEqual([]);
      // The rules really ran: axe passed checks on this page.
      expect(results.passes.length).toBeGreaterThan(5);
    });
  }
}

test('the language switch turns the public pages into English and back, and the choice is kept', async ({ page }, testInfo) => {
  await open(page, testInfo, '/oppettider');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Möt polisen');
  await page.getByRole('link', { name: 'In English' }).click();
  await expect(page).toHaveURL(/\/oppettider$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meet the police');
  await expect(page.getByRole('columnheader', { name: 'Day' })).toBeVisible();

  // Kept on the next page.
  await page.locator('header').getByRole('link', { name: 'Citizen promises' }).click();
  await expect(page.getByText('The police and the municipality jointly promise to work for')).toBeVisible();
  await expect(page.getByText(/of 15 targeted operations/)).toBeVisible();

  await page.getByRole('link', { name: 'På svenska' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
  await expect(page.getByText('Polisen och kommunen lovar gemensamt att arbeta för')).toBeVisible();
});

test('the accessibility statement names where to report problems', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await page.getByRole('link', { name: 'Tillgänglighetsredogörelse' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tillgänglighetsredogörelse');
  await expect(page.getByRole('link', { name: 'tillganglighet@example.org' })).toHaveAttribute(
    'href',
    'mailto:tillganglighet@example.org',
  );
});

test('the keyboard alone reaches the content and the office hours', async ({ page }, testInfo) => {
  await open(page, testInfo, '/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Till innehållet' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);

  await open(page, testInfo, '/');
  await page.keyboard.press('Tab'); // the skip link
  await page.keyboard.press('Tab'); // the site name
  await page.keyboard.press('Tab');
  const hours = page.locator('header').getByRole('link', { name: 'Möt polisen' });
  await expect(hours).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Möt polisen');
  await expect(page.getByTestId('open-now')).toBeVisible();
});
