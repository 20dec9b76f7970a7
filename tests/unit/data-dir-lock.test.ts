/**
 * The embedded data folder's lock (issue 21, finding 1): one holder at a time, the holder named, a dead holder's lock
 * taken over — by exactly one of several processes starting at once — and a lock taken away noticed by its holder.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { DataDirLocked, lockDataDir, lockPaths, readHolder, STALE_MS, type LockHolder } from '~db/data-dir-lock.server'

const dirs: string[] = []
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-lock-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

/** A lock as a process on `host` with `pid` would have left it, its mtime `ageMs` in the past. */
function leftLock(dir: string, holder: Partial<LockHolder>, ageMs = 0) {
  const p = lockPaths(dir)
  fs.mkdirSync(p.lock)
  const h: LockHolder = { pid: 999_999, host: os.hostname(), command: 'node server.mjs', since: new Date().toISOString(), processStart: null, token: 'old', ...holder }
  fs.writeFileSync(p.holder, JSON.stringify(h))
  const t = new Date(Date.now() - ageMs)
  fs.utimesSync(p.lock, t, t)
  return h
}

const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!

/** The lock module run in a child process: prints "won" or "refused <pid>", then holds until stdin closes. */
const childScript = (dir: string) => `
  const { lockDataDir } = await import(${JSON.stringify(path.resolve('db/data-dir-lock.server.ts'))})
  try { lockDataDir(${JSON.stringify(dir)}); console.log('won') } catch (e) { console.log('refused ' + (e.holder?.pid ?? '?')) }
  process.stdin.resume(); process.stdin.on('end', () => process.exit(0))`

describe('the data folder lock', () => {
  test('a second holder is refused with a message naming the first (pid, host, command, since); release frees it', () => {
    const dir = tmpDir()
    const first = lockDataDir(dir, { command: 'node server.mjs' })
    expect(readHolder(dir)).toMatchObject({ pid: process.pid, host: os.hostname(), command: 'node server.mjs' })
    let refused: unknown
    try {
      lockDataDir(dir)
    } catch (e) {
      refused = e
    }
    expect(refused).toBeInstanceOf(DataDirLocked)
    expect((refused as Error).message).toContain(`pid ${process.pid} on this host (node server.mjs), since ${first.holder.since}`)
    first.release()
    expect(fs.existsSync(lockPaths(dir).lock)).toBe(false)
    expect(fs.existsSync(lockPaths(dir).holder)).toBe(false)
    lockDataDir(dir).release()
  })

  test('a lock whose holder died on this host is taken over at once; a live holder keeps it', () => {
    const dir = tmpDir()
    leftLock(dir, { pid: deadPid() })
    const lock = lockDataDir(dir)
    expect(readHolder(dir)?.pid).toBe(process.pid)
    lock.release()

    leftLock(dir, { pid: process.ppid })
    expect(() => lockDataDir(dir)).toThrow(DataDirLocked)
  })

  test('a pid now used by another process (its start time differs) is not taken for the holder', () => {
    const dir = tmpDir()
    leftLock(dir, { pid: process.ppid, processStart: 'another-boot:1' })
    lockDataDir(dir).release()
  })

  test('a holder in another pid namespace (a container sharing the folder) or before a reboot is judged by mtime, not by its pid', () => {
    const dir = tmpDir()
    leftLock(dir, { pid: deadPid(), pidNamespace: 'pid:[1]' }, 5_000)
    expect(() => lockDataDir(dir)).toThrow(DataDirLocked)
    fs.rmSync(lockPaths(dir).lock, { recursive: true })
    leftLock(dir, { pid: deadPid(), bootId: 'an-earlier-boot' }, STALE_MS + 5_000)
    lockDataDir(dir).release()
  })

  test('a lock from another host is honoured until its mtime has not moved for a minute', () => {
    const dir = tmpDir()
    leftLock(dir, { host: 'other-host', pid: process.pid }, 5_000)
    expect(() => lockDataDir(dir)).toThrow(/pid \d+ on host other-host/)
    const old = new Date(Date.now() - STALE_MS - 5_000)
    fs.utimesSync(lockPaths(dir).lock, old, old)
    lockDataDir(dir).release()
  })

  test('four processes starting together on a dead holder’s folder: exactly one takes it over', async () => {
    const dir = tmpDir()
    leftLock(dir, { pid: deadPid() })
    const children = Array.from({ length: 4 }, () => spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript(dir)], { stdio: ['pipe', 'pipe', 'inherit'] }))
    const said = await Promise.all(
      children.map(
        (c) =>
          new Promise<string>((resolve) => {
            let out = ''
            c.stdout.on('data', (d: Buffer) => {
              out += d.toString()
              if (out.includes('\n')) resolve(out.trim())
            })
          }),
      ),
    )
    for (const c of children) c.stdin.end()
    await Promise.all(children.map((c) => new Promise((resolve) => c.on('exit', resolve))))
    expect(said.filter((s) => s === 'won')).toHaveLength(1)
    const winner = children[said.indexOf('won')].pid
    expect(said.filter((s) => s.startsWith('refused')).every((s) => s === `refused ${winner}`)).toBe(true)
  }, 60_000)

  test('a holder whose lock was taken from it is told (and by default stops)', async () => {
    const dir = tmpDir()
    const lost = vi.fn()
    const lock = lockDataDir(dir, { onCompromised: lost })
    // Someone removed the lock and took the folder (by hand, or a takeover from another host after a long stall).
    fs.rmSync(lockPaths(dir).lock, { recursive: true })
    fs.mkdirSync(lockPaths(dir).lock)
    await vi.waitFor(() => expect(lost).toHaveBeenCalled(), { timeout: 20_000, interval: 100 })
    lock.release()
  }, 30_000)
})
