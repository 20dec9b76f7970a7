import { spawn } from 'node:child_process'
import { expect, test } from './fixtures'

// Issue #15 finding 13: a bad value of any variable stops the production server at start, with a message naming it,
// before it listens (half of them used to be read unchecked: PORT=abc listened on a random port, a bad SHOP_TIME_ZONE
// failed on the first page).

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'no browser involved: once is enough')

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['server.mjs'], {
      env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '3998', DATA_DIR: 'data/e2e-config', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    let stdout = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr, stdout })
    })
  })
}

for (const [name, value] of [
  ['PORT', 'abc'],
  ['SHOP_TIME_ZONE', 'Asia/Atlantis'],
  ['TRUST_PROXY', 'sometimes'],
  ['READ_CACHE', 'maybe'],
  ['DB_POOL_MAX', '0'],
  ['VIBRATION_MAX_UPLOAD_BYTES', '1GB'],
  ['LOG_REQUESTS', 'quiet'],
  ['WEB_CONCURRENCY', 'many'],
  ['WEB_CONCURRENCY', '65'],
] as const) {
  test(`${name}=${value} stops the server at start, naming the variable`, async () => {
    const { code, stderr, stdout } = await start({ [name]: value })
    expect(code).toBe(1)
    expect(stderr).toContain('Invalid environment')
    expect(stderr).toContain(`${name}:`)
    // A message, not a stack trace; and nothing was served.
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(stdout).not.toContain('is running at')
  })
}

test('with one process per core, a bad setting still stops the server at start, naming the variable', async () => {
  // WEB_CONCURRENCY applies with PostgreSQL only; the settings are refused before any connection is tried.
  const { code, stderr, stdout } = await start({ DATABASE_URL: 'postgres://127.0.0.1:1/none', WEB_CONCURRENCY: '2', SHOP_TIME_ZONE: 'Asia/Atlantis' })
  expect(code).toBe(1)
  expect(stdout).toContain('starting 2 worker processes')
  expect(stderr).toContain('SHOP_TIME_ZONE:')
  expect(stderr).not.toMatch(/\n\s+at /)
  expect(stdout).not.toContain('is running at')
})
