import { expect, Page, test } from '@playwright/test';
import { open, signIn } from './helpers';
import { operationsOnServer, recordOperation } from './field';

/**
 * The words in the page's table cells that the layout splits across two lines. A line may end after a hyphen
 * or a dash, so those end a word here; the change log's JSON in `code` is not words and may break anywhere.
 */
async function brokenWords(page: Page): Promise<{ cells: number; broken: string[] }> {
  return page.evaluate(() => {
    const cells = Array.from(document.querySelectorAll('table th, table td'));
    const broken: string[] = [];
    for (const cell of cells) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest('code')) continue;
        const text = node.textContent ?? '';
        for (const word of text.matchAll(/[^\s\-–—]+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index!);
          range.setEnd(node, word.index! + word[0].length);
          const lines = new Set(
            Array.from(range.getClientRects())
              .filter((r) => r.width > 0)
              .map((r) => Math.round(r.top)),
          );
          if (lines.size > 1) broken.push(word[0]);
        }
      }
    }
    return { cells: cells.length, broken };
  });
}

async function expectWholeWords(page: Page, path: string) {
  const { cells, broken } = await brokenWords(page);
  expect(cells, `${path} has a table`).toBeGreaterThan(0);
  expect(broken, `words broken on ${path}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${path} overflows sideways`).toBeLessThanOrEqual(0);
}

// The operations, reports, people and log tables at a phone's width: every word whole, nothing cut off.
test('no table breaks a word on a 360 px screen', async ({ page, request }, testInfo) => {
  expect(page.viewportSize()?.width).toBe(360);
  // An operation of this test's own, so that the operations tables have a row.
  const before = await operationsOnServer(request);
  await signIn(page, testInfo, 'e2e-officer');
  await open(page, testInfo, '/rapportera');
  await recordOperation(page, 360, 'Kontroll vid busstationen');
  await expect.poll(() => operationsOnServer(request)).toBe(before + 1);

  for (const path of ['/avtal/savsjo-2018-2019', '/avtal/savsjo-2018-2019/uppfoljning', '/oppettider']) {
    await open(page, testInfo, path);
    await expect(page.locator('table td').first()).toBeVisible();
    await expectWholeWords(page, path);
  }

  await page.context().clearCookies();
  await signIn(page, testInfo, 'e2e-admin');
  for (const path of ['/admin/rapporter', '/admin/personer', '/admin/logg']) {
    await open(page, testInfo, path);
    await expect(page.locator('table td').first()).toBeVisible();
    await expectWholeWords(page, path);
  }
});
