import { APIRequestContext, expect, Page, TestInfo } from '@playwright/test';

export const PASSWORD = process.env.E2E_PASSWORD ?? 'e2e-lösenord-som-är-långt';

export function jsEnabled(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** Whether the page as served loads the WASM app; only the staff's pages do. */
export async function loadsApp(page: Page): Promise<boolean> {
  return (await page.locator('link[href$=".wasm"]').count()) > 0;
}

/** Opens a page and, where it loads the app and JavaScript runs, waits until it is hydrated (never by sleeping). */
export async function open(page: Page, testInfo: TestInfo, path: string) {
  const response = await page.goto(path);
  if (jsEnabled(testInfo) && (await loadsApp(page))) {
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  }
  return response;
}

/** Collects console errors and uncaught exceptions, to assert there are none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Fills in the login form. Pass `expectSuccess` to wait until the header shows the user. */
export async function signIn(page: Page, testInfo: TestInfo, username: string, password = PASSWORD, expectSuccess = true) {
  await open(page, testInfo, '/logga-in');
  await page.getByLabel('Användarnamn').fill(username);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  if (expectSuccess) await expect(page.locator('header .who')).toHaveText(username);
}

/** The id of the Sävsjö agreement's targeted-operations activity, from the open-data API. */
export async function targetedActivityId(request: APIRequestContext): Promise<number> {
  const body = await (await request.get('/api/v1/agreements/savsjo-2018-2019/progress')).json();
  return body.promises.flatMap((p: any) => p.activities).find((a: any) => a.measure === 'targeted_operation').id;
}
