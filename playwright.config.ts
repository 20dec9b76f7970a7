import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'
import { SETUP_CODE } from './tests/e2e/helpers'

/**
 * End-to-end tests against the production build on an embedded database that starts empty every run.
 * Chromium is Debian's (/usr/bin/chromium; override with CHROMIUM_PATH) — Playwright never downloads a browser here.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210)
const baseURL = `http://localhost:${PORT}`
// Another E2E_PORT gets its own embedded database and artifacts folder, so two runs side by side never share (or wipe) them.
const DATA_DIR = PORT === 3210 ? 'data/e2e' : `data/e2e-${PORT}`
const OUTPUT_DIR = PORT === 3210 ? 'test-results' : `data/e2e-${PORT}-results`
// The lock that lets a test run alone on the shared server (tests/e2e/fixtures.ts); emptied with the database.
const LOCK_DIR = `${DATA_DIR}-locks`
process.env.E2E_LOCK_DIR = path.resolve(LOCK_DIR)
// Live vibration streams: the server subscribes to the shared broker under a prefix of this run's own (set once by the
// runner; its workers inherit it), so no other run's messages or persistent sessions meet this one's.
process.env.E2E_MQTT_URL ??= process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883'
process.env.E2E_VIBRATION_PREFIX ??= `e2e-${PORT}-${process.pid}-${Date.now()}/vibration`
const tablet = { viewport: { width: 1280, height: 800 }, hasTouch: true, deviceScaleFactor: 1 }
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: OUTPUT_DIR,
  // Two workers, one file each at a time (a file's tests run in order); every test works on records of its own, and the
  // few that act on the whole shop run alone (`test.use({ alone: true })`, see tests/e2e/fixtures.ts).
  fullyParallel: false,
  workers: 2,
  // On two cores a test takes about twice as long beside another one (the longest, statistics, ~25 s): the limit only
  // bounds a test that hangs.
  timeout: 60_000,
  // A check waits up to 10 s (not Playwright's 5): beside another worker and a server under load a redirect after a save
  // once took longer than 5 s. Checks still fail on a wrong answer at once; only a slow right answer gets the margin.
  expect: { timeout: 10_000 },
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }], ['json', { outputFile: 'reports/playwright.json' }]],
  use: { baseURL, ...devices['Desktop Chrome'], ...tablet, launchOptions, trace: 'retain-on-failure', screenshot: 'only-on-failure', locale: 'ko-KR' },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'js-on', testMatch: /.*\.spec\.ts/, dependencies: ['setup'] },
    { name: 'js-off', testMatch: /.*\.spec\.ts/, testIgnore: /postgres-backend/, dependencies: ['setup'], use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `rm -rf ${DATA_DIR} ${LOCK_DIR} && node server.mjs`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    // PRINTER_SECRET_KEY: a fixed test key, so the live-printer spec can store a connection's API key.
    env: { PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR, MES_TEST_ROUTES: '1', NODE_ENV: 'production', SETUP_CODE, PRINTER_SECRET_KEY: 'ZTJlLXByaW50ZXItc2VjcmV0LWtleS0zMi1ieXRlcyE=',
      MQTT_URL: process.env.E2E_MQTT_URL,
      VIBRATION_MQTT_PREFIX: process.env.E2E_VIBRATION_PREFIX,
      VIBRATION_MQTT_CLIENT_ID: `mes-${process.env.E2E_VIBRATION_PREFIX.replace(/\//g, '-')}`,
    },
  },
})
