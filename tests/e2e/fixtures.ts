import fs from 'node:fs'
import path from 'node:path'
import { expect, test as base, type TestInfo } from '@playwright/test'

/**
 * The specs run on two workers against one server and one database. Each test works on records of its own (`tag`), but
 * a test that acts on the whole shop — a plan covers every open order — must run alone: `test.use({ alone: true })`.
 * Every other test holds a shared lock while it runs; a test that must be alone first stops new ones from starting,
 * then waits for the running ones to end. The lock is a folder of files (E2E_LOCK_DIR, set and emptied per run by
 * playwright.config.ts): `alone` is created exclusively, `shared-<pid>-<worker>` by each running test. A file of a worker
 * that has died does not count. Waiting for the lock is added to the test's time limit.
 */
export const test = base.extend<{ alone: boolean; lock: void }>({
  alone: [false, { option: true }],
  lock: [
    async ({ alone }, use, info) => {
      const dir = process.env.E2E_LOCK_DIR
      if (!dir) throw new Error('E2E_LOCK_DIR is not set (playwright.config.ts sets it)')
      fs.mkdirSync(dir, { recursive: true })
      const release = alone ? await exclusive(dir, info) : await shared(dir, info)
      try {
        await use()
      } finally {
        release()
      }
    },
    { auto: true },
  ],
})

export { expect }

const WAIT = { timeout: 300_000, intervals: [100, 250] }
const ALONE = 'alone'

/** Lock files of live processes only. */
function holders(dir: string, prefix: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith(prefix) && alive(Number(f.split('-')[1])))
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Runs `take` until it succeeds; the time spent waiting is added to the test's time limit (0: no limit). */
async function until(info: TestInfo, what: string, take: () => boolean) {
  const limit = info.timeout
  const started = Date.now()
  if (limit > 0) info.setTimeout(limit + WAIT.timeout)
  await expect.poll(take, { ...WAIT, message: what }).toBe(true)
  if (limit > 0) info.setTimeout(limit + (Date.now() - started))
}

async function shared(dir: string, info: TestInfo): Promise<() => void> {
  const mine = path.join(dir, `shared-${process.pid}-${info.workerIndex}`)
  await until(info, 'waiting for a test that runs alone to end', () => {
    if (fs.existsSync(path.join(dir, ALONE))) return false
    fs.writeFileSync(mine, info.titlePath.join(' › '))
    // A test that must be alone may have started in between: it goes first.
    if (!fs.existsSync(path.join(dir, ALONE))) return true
    fs.rmSync(mine, { force: true })
    return false
  })
  return () => fs.rmSync(mine, { force: true })
}

async function exclusive(dir: string, info: TestInfo): Promise<() => void> {
  const file = path.join(dir, ALONE)
  await until(info, 'waiting for another test that runs alone to end', () => {
    try {
      fs.writeFileSync(file, `${process.pid} ${info.titlePath.join(' › ')}`, { flag: 'wx' })
      return true
    } catch {
      // Left by a worker that died: take it over (an empty file is one being written).
      const pid = Number(fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split(' ')[0] : 0)
      if (pid > 0 && !alive(pid)) fs.rmSync(file, { force: true })
      return false
    }
  })
  const release = () => fs.rmSync(file, { force: true })
  try {
    await until(info, 'waiting for the running tests to end', () => holders(dir, 'shared-').length === 0)
  } catch (e) {
    release()
    throw e
  }
  return release
}
