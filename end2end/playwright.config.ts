import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);

// Debian's Chromium: Playwright cannot download its own browser here.
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

// A small phone.
const phone = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, locale: 'sv-SE' };

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromium,
    trace: 'retain-on-failure',
    ...phone,
  },
  // Every test runs twice: hydrated, and as a browser without JavaScript, where pages must still read and
  // forms must still submit.
  // The national overview's tests put several agreements in force, which turns the front page the other
  // tests read into the overview: they run after all of those.
  projects: [
    { name: 'hydrated', use: { javaScriptEnabled: true }, testIgnore: /national\.spec\.ts/ },
    { name: 'no-js', use: { javaScriptEnabled: false }, testIgnore: /national\.spec\.ts/ },
    {
      name: 'national-hydrated',
      use: { javaScriptEnabled: true },
      testMatch: /national\.spec\.ts/,
      dependencies: ['hydrated', 'no-js'],
    },
    {
      name: 'national-no-js',
      use: { javaScriptEnabled: false },
      testMatch: /national\.spec\.ts/,
      dependencies: ['hydrated', 'no-js'],
    },
  ],
  webServer: {
    command: './serve.sh',
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { E2E_PORT: String(port) },
  },
});
