import { expect, test, type Frame, type Page } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsEnabled } from './helpers';

// A municipality's own site, on another origin (another port): it pastes the code our oEmbed gives for
// the agreement's page, and nothing else of ours.
let host: http.Server;
let hostUrl = '';

test.beforeAll(async ({ request, baseURL }) => {
  const page = `${baseURL}/avtal/savsjo-2018-2019`;
  const answer = await request.get(`/oembed?url=${encodeURIComponent(page)}&format=json`);
  expect(answer.status()).toBe(200);
  const { html } = await answer.json();
  const body = `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Sävsjö kommun</title></head>
<body><h1>Sävsjö kommun</h1><p>Vårt medborgarlöfte:</p>${html}
<p>Ett annat fönster från samma webbplats, som skriptet inte har placerat:</p>
<iframe id="unmarked" src="${baseURL}/inbaddning/kommun/0684" title="Sävsjö" height="77"></iframe>
<p>Sidfot</p></body></html>`;
  host = http.createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
  await new Promise((resolve) => host.close(resolve));
});

async function embedFrame(page: Page): Promise<Frame> {
  await expect
    .poll(() => page.frames().some((f) => f.url().includes('/inbaddning/avtal/')))
    .toBe(true);
  return page.frames().find((f) => f.url().includes('/inbaddning/avtal/'))!;
}

const frameHeight = (page: Page) =>
  page.locator('iframe[data-lofte-embed]').evaluate((f) => Math.round(f.getBoundingClientRect().height));

test('an embed on another site shows the promise and its height fits its content', async ({ page }, testInfo) => {
  await page.goto(hostUrl);
  const frame = await embedFrame(page);
  await expect(frame.getByRole('heading', { level: 1 })).toHaveText('Medborgarlöfte i Sävsjö kommun 2018-2019');
  await expect(frame.getByRole('progressbar', { name: /av 15 riktade insatser$/ })).toBeVisible();
  const link = frame.getByRole('link', { name: 'Hela medborgarlöftet' });
  await expect(link).toHaveAttribute('target', '_blank');

  if (!jsEnabled(testInfo)) {
    // Without scripts the plain iframe keeps the height it was given, and still shows the content.
    expect(await frameHeight(page)).toBe(480);
    return;
  }
  // The frame takes its content's height: no inner scrollbar, no empty space.
  const content = () =>
    frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
  await expect.poll(async () => Math.abs((await frameHeight(page)) - (await content()))).toBeLessThanOrEqual(1);
  const inner = await frame.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  expect(inner).toBeLessThanOrEqual(0);
  const fitted = await frameHeight(page);
  expect(fitted).not.toBe(480);

  // A message from another window changes nothing: the host page's own, and one from a frame of our origin
  // that the script did not place (it posts its height too, and keeps the height it was given).
  await page.evaluate(() => window.postMessage({ type: 'lofte-embed-height', height: 3000 }, '*'));
  await expect
    .poll(() => page.frames().some((f) => f.url().includes('/inbaddning/kommun/')))
    .toBe(true);
  const unmarked = page.frames().find((f) => f.url().includes('/inbaddning/kommun/'))!;
  await expect(unmarked.getByRole('heading', { level: 1 })).toHaveText('Sävsjö kommun');
  await page.waitForTimeout(300);
  expect(await frameHeight(page)).toBe(fitted);
  // Its inner height is still the 77 px it was given (its border is the browser's own).
  expect(await page.locator('#unmarked').evaluate((f) => [f.clientHeight, f.getAttribute('height')])).toEqual([
    77,
    '77',
  ]);
});
