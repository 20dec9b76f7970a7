import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import { expect, test } from './fixtures'
import postgres from 'postgres'

/**
 * The same production build, started with DATABASE_URL, runs on PostgreSQL: it migrates a brand-new database at start,
 * serves /setup, and the first admin can sign in. It runs as two worker processes (WEB_CONCURRENCY=2): the session made
 * by one is honoured by the other, and both answer. Runs when TEST_DATABASE_URL is set (CI sets it).
 */
const adminUrl = process.env.TEST_DATABASE_URL
test.skip(!adminUrl, 'TEST_DATABASE_URL is not set')
test.describe.configure({ mode: 'serial' })

const PORT = 3000 + Math.floor(Math.random() * 500) + 3300
const dbName = `mes_e2e_${Date.now().toString(36)}`
let server: ChildProcess | undefined
let stdout = ''

test.beforeAll(async () => {
  // Migrating a brand-new database takes a few seconds alone, longer beside a busy second worker: the hook gets its own
  // budget, and a server that exits or never answers fails with what it printed instead of a bare timeout.
  test.setTimeout(150_000)
  const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${dbName}"`)
  await admin.end()
  const url = new URL(adminUrl!)
  url.pathname = `/${dbName}`
  server = spawn(process.execPath, ['server.mjs'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', DATABASE_URL: url.toString(), NODE_ENV: 'production', SETUP_CODE: 'pg-setup-code-0123', WEB_CONCURRENCY: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  let exit: string | null = null
  server.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
  server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  server.once('exit', (code, signal) => (exit = `exited with ${code ?? signal}`))
  const answers = () => fetch(`http://127.0.0.1:${PORT}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false)
  const giveUp = Date.now() + 120_000
  let up = false
  while (!up && !exit && Date.now() < giveUp) {
    up = await answers()
    if (!up) await new Promise((r) => setTimeout(r, 250))
  }
  const why = `server on PostgreSQL did not start (port ${PORT}, ${exit ?? 'still running'})\nstdout:\n${stdout.slice(-4000)}\nstderr:\n${stderr.slice(-4000)}`
  expect(up, why).toBe(true)
})

test.afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
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
  await page.getByLabel(/설정 코드|Setup code/).fill('pg-setup-code-0123')
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

test('two worker processes share the port and both serve', async () => {
  expect(stdout).toContain('starting 2 worker processes')
  // A new connection per request: the primary hands connections to the workers in turn.
  const get = () =>
    new Promise<number>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: PORT, path: '/login', agent: false }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      }).on('error', reject)
    })
  for (let i = 0; i < 8; i++) expect(await get()).toBe(200)
  await expect
    .poll(() => {
      const pids = stdout
        .split('\n')
        .filter((l) => l.startsWith('{') && l.includes('"path":"/login"'))
        .map((l) => (JSON.parse(l) as { pid?: number }).pid)
      return new Set(pids).size
    })
    .toBe(2)
})

// Exit code 0 means the graceful path ran (the 10 s force-exit timer would exit with 1).
test('SIGTERM closes the database and exits cleanly', async () => {
  const exited = new Promise<number | null>((r) => server!.once('exit', (code) => r(code)))
  server!.kill('SIGTERM')
  expect(await exited).toBe(0)
  server = undefined
})
