/**
 * One process per embedded data folder (docs/decisions/011-data-folder-lock-and-backup-manifest.md).
 *
 * Two processes on one PGlite folder corrupt it (each has its own buffers and WAL position). So whoever opens the folder —
 * the server, `db:migrate`, `db:seed`, `db:backup`, `db:restore` — holds an exclusive lock on it for as long as it runs:
 * `DATA_DIR/mes.lock`, a directory made with proper-lockfile (mkdir is atomic; its mtime is refreshed every few seconds),
 * and beside it `DATA_DIR/mes.lock.json` naming the holder (pid, host, command, since). A second process is refused with a
 * message naming the holder.
 *
 * A lock left by a process that died (kill -9, power cut) is taken over: on this host — same boot, same pid namespace —
 * when its pid is gone (or is now another process: its start time differs); otherwise (another host or container on a
 * shared volume, a reboot) when its mtime has not moved for a minute. Every acquisition and takeover runs under a short-lived second lock (`mes.lock.takeover`), so two processes
 * starting together cannot both judge the same old lock stale and both take it. If the lock is taken from a live holder
 * anyway (its mtime was not ours any more), the holder stops at once (`onCompromised`).
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import lockfile from 'proper-lockfile'

export interface LockHolder {
  pid: number
  host: string
  command: string
  /** ISO instant the lock was taken. */
  since: string
  /** The holder's process start (Linux: boot id + start time in clock ticks), to tell a reused pid from the holder. */
  processStart: string | null
  /** The holder's kernel boot and pid namespace (Linux): a pid means something here only when both are ours. */
  bootId?: string | null
  pidNamespace?: string | null
  token: string
}

/** The lock is held by another process (or by this one already). */
export class DataDirLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    super(lockedMessage(dataDir, holder))
    this.name = 'DataDirLocked'
  }
}

export interface DataDirLock {
  readonly dataDir: string
  readonly holder: LockHolder
  release(): void
}

/** Without its mtime moving for this long, a lock whose holder cannot be checked (another host, no holder file) is stale. */
export const STALE_MS = 60_000
const UPDATE_MS = 5_000
/** proper-lockfile's own staleness check (by mtime only) must never fire before ours. */
const NEVER_MS = 7 * 24 * 3_600_000
const TAKEOVER_STALE_MS = 10_000
const TAKEOVER_WAIT_MS = 3_000

export const lockPaths = (dataDir: string) => {
  const dir = path.resolve(dataDir)
  return { dir, lock: path.join(dir, 'mes.lock'), holder: path.join(dir, 'mes.lock.json'), takeover: path.join(dir, 'mes.lock.takeover') }
}

const heldHere = new Map<string, DataDirLock>()

function lockedMessage(dataDir: string, h: LockHolder | null): string {
  const paths = lockPaths(dataDir)
  const who = h
    ? `pid ${h.pid} on ${h.host === os.hostname() ? 'this host' : `host ${h.host}`} (${h.command}), since ${h.since}`
    : 'a process that has not said who it is (no holder file yet)'
  return [
    `The data folder ${paths.dir} is in use by another MES Lite process: ${who}.`,
    'Only one process may open an embedded database at a time (two at once corrupt it).',
    'Stop that process first (the server, or a db:migrate / db:seed / db:backup / db:restore still running), then try again.',
    `A lock left by a process that died is taken over by itself (on this host at once, from another host after ${STALE_MS / 1000} s).`,
  ].join('\n')
}

const readOr = (read: () => string): string | null => {
  try {
    return read()
  } catch {
    return null
  }
}
const bootId = () => readOr(() => fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim())
const pidNamespace = () => readOr(() => fs.readlinkSync('/proc/self/ns/pid'))

/** Boot id + start time (clock ticks since boot) of a process, where /proc tells; null elsewhere. */
function processStart(pid: number): string | null {
  return readOr(() => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return `${bootId()}:${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`
  })
}

/**
 * Whether the holder still runs: true, false, or null when this process cannot tell — the holder ran on another host,
 * before a reboot, or in another pid namespace (a container sharing the folder): its pid means nothing here.
 */
export function holderAlive(h: LockHolder): boolean | null {
  if (h.host !== os.hostname()) return null
  if ((h.bootId && h.bootId !== bootId()) || (h.pidNamespace && h.pidNamespace !== pidNamespace())) return null
  // Our own pid in a lock this process does not hold: a previous run with the same pid (a container restarted).
  if (h.pid === process.pid) return false
  try {
    process.kill(h.pid, 0)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const now = processStart(h.pid)
  return !(h.processStart && now && now !== h.processStart)
}

export function readHolder(dataDir: string): LockHolder | null {
  try {
    const h = JSON.parse(fs.readFileSync(lockPaths(dataDir).holder, 'utf8')) as LockHolder
    return Number.isSafeInteger(h.pid) && typeof h.host === 'string' ? h : null
  } catch {
    return null
  }
}

function writeHolder(dataDir: string, holder: LockHolder) {
  const file = lockPaths(dataDir).holder
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(holder, null, 2) + '\n', { mode: 0o600 })
  fs.renameSync(tmp, file)
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

/** Runs `fn` under the short takeover lock (waits a few seconds for another process's acquisition to finish). */
function underTakeoverLock<T>(dataDir: string, fn: () => T): T {
  const { takeover } = lockPaths(dataDir)
  const giveUp = Date.now() + TAKEOVER_WAIT_MS
  for (;;) {
    try {
      fs.mkdirSync(takeover)
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      let age = 0
      try {
        age = Date.now() - fs.statSync(takeover).mtimeMs
      } catch {
        continue // gone meanwhile
      }
      // Left by a process that died in the middle of an acquisition (it only takes milliseconds).
      if (age > TAKEOVER_STALE_MS) fs.rmSync(takeover, { recursive: true, force: true })
      else if (Date.now() > giveUp) throw new DataDirLocked(dataDir, readHolder(dataDir))
      else sleep(50)
    }
  }
  try {
    return fn()
  } finally {
    fs.rmSync(takeover, { recursive: true, force: true })
  }
}

/** Whether the existing lock may be taken over, and why. */
function staleness(dataDir: string, holder: LockHolder | null): string | null {
  let mtime: number
  try {
    mtime = fs.statSync(lockPaths(dataDir).lock).mtimeMs
  } catch {
    return 'gone'
  }
  const alive = holder ? holderAlive(holder) : null
  if (alive === false) return `its holder (pid ${holder!.pid}) is no longer running`
  if (alive === null && Date.now() - mtime > STALE_MS) return `it was not refreshed for ${Math.round((Date.now() - mtime) / 1000)} s`
  return null
}

export function describeCommand(): string {
  const npmScript = process.env.npm_lifecycle_event
  if (npmScript) return `npm run ${npmScript}`
  return [path.basename(process.argv0), ...process.argv.slice(1).map((a) => path.relative(process.cwd(), a) || a)].join(' ').slice(0, 200)
}

/**
 * Takes the exclusive lock on `dataDir` (created if missing) for the life of this process, or throws `DataDirLocked`.
 * `release()` gives it back; exiting the process does too. `onCompromised` runs if another process took the lock from
 * this one (default: log and exit, since two writers corrupt the folder).
 */
export function lockDataDir(dataDir: string, opts: { command?: string; onCompromised?: (e: Error) => void } = {}): DataDirLock {
  const paths = lockPaths(dataDir)
  const mine = heldHere.get(paths.dir)
  if (mine) throw new DataDirLocked(paths.dir, mine.holder)
  fs.mkdirSync(paths.dir, { recursive: true })
  const onCompromised =
    opts.onCompromised ??
    ((e: Error) => {
      console.error(JSON.stringify({ level: 'fatal', msg: 'data folder lock lost: another process took it; stopping', dataDir: paths.dir, error: e.message }))
      process.exit(75)
    })
  return underTakeoverLock(paths.dir, () => {
    for (let attempt = 0; ; attempt++) {
      let unlock: () => void
      try {
        unlock = lockfile.lockSync(paths.dir, { lockfilePath: paths.lock, realpath: false, stale: NEVER_MS, update: UPDATE_MS, retries: 0, onCompromised })
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e
        const previous = readHolder(paths.dir)
        const why = attempt === 0 ? staleness(paths.dir, previous) : null
        if (!why) throw new DataDirLocked(paths.dir, previous)
        if (why !== 'gone') {
          fs.rmSync(paths.lock, { recursive: true, force: true })
          console.error(JSON.stringify({ level: 'warn', msg: 'stale data folder lock taken over', dataDir: paths.dir, previous, why }))
        }
        continue
      }
      const holder: LockHolder = {
        pid: process.pid,
        host: os.hostname(),
        command: opts.command ?? describeCommand(),
        since: new Date().toISOString(),
        processStart: processStart(process.pid),
        bootId: bootId(),
        pidNamespace: pidNamespace(),
        token: randomBytes(8).toString('hex'),
      }
      try {
        writeHolder(paths.dir, holder)
      } catch (e) {
        unlock()
        throw e
      }
      let released = false
      const release = () => {
        if (released) return
        released = true
        heldHere.delete(paths.dir)
        process.off('exit', release)
        if (readHolder(paths.dir)?.token === holder.token) fs.rmSync(paths.holder, { force: true })
        try {
          unlock()
        } catch {
          // already gone (taken over, or the folder was removed)
        }
      }
      process.on('exit', release)
      const lock: DataDirLock = { dataDir: paths.dir, holder, release }
      heldHere.set(paths.dir, lock)
      return lock
    }
  })
}
