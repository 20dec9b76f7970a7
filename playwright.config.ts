import { defineConfig, devices } from '@playwright/test'

/**
 * End-to-end tests against the production build on an embedded database that starts empty every run.
 * Chromium is Debian's (/usr/bin/chromium; override with CHROMIUM_PATH) — Playwright never downloads a browser here.
 */
const PORT = Number(process.env.E2E_PORT ?? 3210)
const baseURL = `http://localhost:${PORT}`
// Another E2E_PORT gets its own embedded database and artifacts folder, so two runs side by side never share (or wipe) them.
const DATA_DIR = PORT === 3210 ? 'data/e2e' : `data/e2e-${PORT}`
const OUTPUT_DIR = PORT === 3210 ? 'test-results' : `data/e2e-${PORT}-results`
const tablet = { viewport: { width: 1280, height: 800 }, hasTouch: true, deviceScaleFactor: 1 }
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: OUTPUT_DIR,
  fullyParallel: false,
  workers: 1,
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
    command: `rm -rf ${DATA_DIR} && node server.mjs`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR, MES_TEST_ROUTES: '1', NODE_ENV: 'production' },
  },
})
