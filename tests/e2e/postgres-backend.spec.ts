import { spawn, type ChildProcess } from 'node:child_process'
import { expect, test } from '@playwright/test'
import postgres from 'postgres'

/**
 * The same production build, started with DATABASE_URL, runs on PostgreSQL: it migrates a brand-new database at start,
 * serves /setup, and the first admin can sign in. Runs when TEST_DATABASE_URL is set (CI sets it).
 */
const adminUrl = process.env.TEST_DATABASE_URL
test.skip(!adminUrl, 'TEST_DATABASE_URL is not set')
test.describe.configure({ mode: 'serial' })

const PORT = 3000 + Math.floor(Math.random() * 500) + 3300
const dbName = `mes_e2e_${Date.now().toString(36)}`
let server: ChildProcess | undefined
let stdout = ''

test.beforeAll(async () => {
  const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${dbName}"`)
  await admin.end()
  const url = new URL(adminUrl!)
  url.pathname = `/${dbName}`
  server = spawn(process.execPath, ['server.mjs'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATABASE_URL: url.toString(), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  server.stderr!.resume()
  const started = Date.now()
  while (Date.now() - started < 60_000) {
    try {
      if ((await fetch(`http://localhost:${PORT}/healthz`)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error('server on PostgreSQL did not start')
})

test.afterAll(async () => {
  if (server) {
    const exited = new Promise((r) => server!.once('exit', r))
    server.kill('SIGTERM')
    await exited
  }
  const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} })
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`)
  await admin.end()
})

test('runs on PostgreSQL: setup, sign-in and the migrated schema', async ({ page }) => {
  const base = `http://localhost:${PORT}`
  await page.goto(`${base}/`)
  await expect(page).toHaveURL(/\/setup$/)
  await page.getByLabel(/아이디|Username/).fill('pgowner')
  await page.getByLabel(/표시 이름|Display name/).fill('PG Owner')
  await page.getByLabel(/^(비밀번호|Password)$/).fill('pg-owner-pass')
  await page.getByLabel(/비밀번호 확인|Repeat password/).fill('pg-owner-pass')
  await page.getByRole('button', { name: /관리자 만들기|Create administrator/ }).click()
  await expect(page.getByTestId('welcome')).toContainText('PG Owner')
  const health = await page.request.get(`${base}/healthz`)
  expect(await health.json()).toEqual({ status: 'ok', database: 'up' })
  const url = new URL(adminUrl!)
  url.pathname = `/${dbName}`
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} })
  const rows = await sql`select action from audit_log`
  await sql.end()
  expect(rows.map((r) => r.action)).toEqual(['setup.first_admin'])

  // Structured access log: one JSON line per response, with who — never the password.
  await page.goto(`${base}/orders`)
  await expect.poll(() => stdout).toContain('"path":"/orders"')
  const lines = stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg: string; method: string; path: string; status: number; ms: number; principal: string | null })
  const setupPost = lines.find((l) => l.msg === 'request' && l.method === 'POST' && l.path.startsWith('/setup'))
  expect(setupPost).toMatchObject({ status: expect.any(Number), principal: null })
  const board = lines.find((l) => l.path === '/orders' && l.method === 'GET')!
  expect(board.status).toBe(200)
  expect(board.principal).toMatch(/^[0-9a-f-]{36}$/)
  expect(typeof board.ms).toBe('number')
  expect(stdout).not.toContain('pg-owner-pass')
})

// Exit code 0 means the graceful path ran (the 10 s force-exit timer would exit with 1).
test('SIGTERM closes the database and exits cleanly', async () => {
  const exited = new Promise<number | null>((r) => server!.once('exit', (code) => r(code)))
  server!.kill('SIGTERM')
  expect(await exited).toBe(0)
  server = undefined
})
