/**
 * The printer poller (issue 18 items 2, 3, 6): in the one app instance that leads (../../leader.server.ts), one connector
 * per connected printer; what they report becomes the stored live state (./store.server.ts) — written in small batches
 * every `flushMs` (one upsert and one history insert per batch, whatever the fleet size) so a report is on every
 * instance's pages within a fraction of a second. A printer not heard from for `offlineAfterMs` (30 s) turns offline;
 * a state transition goes to the history. Connection settings are re-read every `refreshMs` and at once when this
 * instance saves one (`printerConnectionsChanged`); a changed connection restarts its connector.
 *
 * Started by boot() when some printer has a connection, or lazily by the first save; stopped by shutdown(). Tests start
 * their own (`new PrinterPoller({...short timings})`); nothing starts one in tests otherwise.
 */
import type { ConnectedType } from '~/domain/printers/live/connection'
import { asText, EMPTY_SNAPSHOT, isStateChange, OFFLINE_AFTER_MS, sameSnapshot, type LiveRecord, type LiveSnapshot, type LiveState } from '~/domain/printers/live/state'
import { countPrinterEvent, setPrintersConnected } from '~/utils/metrics.server'
import { bambuConnector } from './bambu.server'
import { connectionsToRun, pinCertificate, type PollerConnection } from './connections.server'
import { DEFAULT_TIMINGS, type Connector, type ConnectorFactory, type ConnectorHooks, type ConnectorTimings } from './connector.server'
import { tryLead, type Leadership } from '../../leader.server'
import { log } from './log.server'
import { moonrakerConnector } from './moonraker.server'
import { octoprintConnector } from './octoprint.server'
import { trackPrints } from './prints.server'
import { HISTORY_DAYS, pruneHistory, storedLive, writeLiveBatch, type StateChange } from './store.server'

export interface PollerOptions {
  offlineAfterMs: number
  /** Re-read the connection settings this often (another instance may have saved one). */
  refreshMs: number
  /** Write what changed this often. */
  flushMs: number
  /** A report that changes nothing but "last seen" is written at most this often per printer. */
  seenWriteMs: number
  /** A follower tries to lead, a leader checks its lock, this often. */
  leaseMs: number
  /** The leader deletes state changes and prints older than `keepDays` this often. */
  pruneMs: number
  keepDays: number
  timings: ConnectorTimings
  now: () => Date
  factories: Record<ConnectedType, ConnectorFactory>
}

export const DEFAULT_POLLER_OPTIONS: PollerOptions = {
  offlineAfterMs: OFFLINE_AFTER_MS,
  refreshMs: 5_000,
  flushMs: 250,
  seenWriteMs: 5_000,
  leaseMs: 5_000,
  pruneMs: 3_600_000,
  keepDays: HISTORY_DAYS,
  timings: DEFAULT_TIMINGS,
  now: () => new Date(),
  factories: { moonraker: moonrakerConnector, octoprint: octoprintConnector, bambu: bambuConnector },
}

interface Entry {
  conn: PollerConnection
  connector: Connector | null
  record: LiveRecord
  /** The state last written to the history (null: none yet). */
  knownState: LiveState | null
  startedAt: number
  dirty: boolean
  writtenSeenAt: number
}

const blank = (): LiveRecord => ({ ...EMPTY_SNAPSHOT, lastSeenAt: null, connectedSince: null, lastError: null, lastErrorAt: null })

export class PrinterPoller {
  readonly options: PollerOptions
  private entries = new Map<string, Entry>()
  private changes: StateChange[] = []
  private leadership: Leadership | null = null
  private timers: NodeJS.Timeout[] = []
  private running = false
  private refreshing: Promise<void> | null = null
  private refreshAgain = false
  private flushing: Promise<void> | null = null
  private ticking = false

  constructor(options: Partial<PollerOptions> = {}) {
    this.options = { ...DEFAULT_POLLER_OPTIONS, ...options }
  }

  get leading(): boolean {
    return this.leadership !== null
  }

  /** Starts leading (or waiting to): returns once the first attempt to lead and its refresh are done. */
  async start(): Promise<void> {
    if (this.running) return
    this.running = true
    const every = (ms: number, fn: () => Promise<void> | void) => {
      const t = setInterval(() => {
        Promise.resolve(fn()).catch((e: unknown) => log('warn', 'printer poller step failed', { error: String(e) }))
      }, ms)
      t.unref()
      this.timers.push(t)
    }
    every(this.options.leaseMs, () => this.leadTick())
    every(this.options.refreshMs, () => this.refresh())
    every(this.options.flushMs, () => this.flush())
    every(Math.max(20, Math.min(1_000, Math.floor(this.options.offlineAfterMs / 4))), () => this.watchdog())
    every(this.options.pruneMs, async () => {
      if (this.leadership) await pruneHistory(this.options.now(), this.options.keepDays)
    })
    await this.leadTick()
  }

  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    for (const t of this.timers) clearInterval(t)
    this.timers = []
    await this.refreshing
    await this.stepDown(true)
  }

  /** Connection settings changed: re-read them now. */
  nudge(): Promise<void> {
    return this.refresh()
  }

  /** Writes what is pending now (tests; shutdown). */
  async flushNow(): Promise<void> {
    await this.flushing
    await this.flush()
  }

  private async leadTick() {
    if (!this.running || this.ticking) return
    this.ticking = true
    try {
      await this.leadTickOnce()
    } finally {
      this.ticking = false
    }
  }

  private async leadTickOnce() {
    if (!this.leadership) {
      const l = await tryLead()
      if (!l) return
      if (!this.running) return await l.release()
      this.leadership = l
      log('info', 'printer poller: this instance runs the printer connections')
      await this.refresh()
    } else if (!(await this.leadership.check())) {
      log('warn', 'printer poller: lost its database lock; another instance may take over')
      await this.stepDown(false)
    }
  }

  private async stepDown(flush: boolean) {
    await Promise.all([...this.entries.values()].map((e) => (e.connector ? e.connector.stop() : Promise.resolve())))
    if (flush && this.leadership) {
      // A clean stop: no connection is up any more (the next leader, if any, sets its own).
      for (const e of this.entries.values()) {
        e.record.connectedSince = null
        e.dirty = true
      }
      await this.flushNow().catch(() => {})
    }
    this.entries.clear()
    this.changes = []
    const l = this.leadership
    this.leadership = null
    await l?.release()
    setPrintersConnected({})
  }

  private refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true
      return this.refreshing
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false
        await this.refreshOnce()
      } while (this.refreshAgain && this.running)
    })().finally(() => {
      this.refreshing = null
    })
    return this.refreshing
  }

  private async refreshOnce() {
    if (!this.leadership || !this.running) return
    const wanted = new Map((await connectionsToRun()).map((c) => [c.printerId, c]))
    const carried = new Map<string, Entry>()
    for (const [id, e] of this.entries) {
      const c = wanted.get(id)
      if (c && c.version === e.conn.version) continue
      this.entries.delete(id)
      await e.connector?.stop()
      if (c) carried.set(id, e)
    }
    const fresh = [...wanted.values()].filter((c) => !this.entries.has(c.printerId))
    if (fresh.length === 0) return
    const stored = await storedLive(fresh.filter((c) => !carried.has(c.printerId)).map((c) => c.printerId))
    for (const c of fresh) {
      const before = carried.get(c.printerId)
      const prev = before?.record ?? stored.get(c.printerId) ?? null
      // A new printer's first row is written at once; a restarted connector's record changed (no connection yet).
      this.startEntry(c, prev, before ? before.knownState : (prev?.state ?? null), !!before || !stored.has(c.printerId))
    }
  }

  private startEntry(conn: PollerConnection, prev: LiveRecord | null, knownState: LiveState | null, dirty: boolean) {
    const record: LiveRecord = prev
      ? { state: prev.state, progress: prev.progress, remainingSeconds: prev.remainingSeconds, file: prev.file, nozzleC: prev.nozzleC, bedC: prev.bedC, message: prev.message, filamentMm: prev.filamentMm, lastSeenAt: prev.lastSeenAt, connectedSince: null, lastError: prev.lastError, lastErrorAt: prev.lastErrorAt }
      : blank()
    const now = this.options.now().getTime()
    const entry: Entry = { conn, connector: null, record, knownState, startedAt: now, dirty, writtenSeenAt: record.lastSeenAt?.getTime() ?? 0 }
    this.entries.set(conn.printerId, entry)
    if (conn.secretError) return this.setError(entry, conn.secretError)
    const target = { printerId: conn.printerId, type: conn.type, host: conn.host, port: conn.port, tls: conn.tls, secrets: conn.secrets, pinnedFingerprint: conn.tlsFingerprint }
    try {
      entry.connector = this.options.factories[conn.type](target, this.hooks(entry), this.options.timings)
    } catch (e) {
      this.setError(entry, `cannot start: ${String(e)}`)
    }
  }

  private hooks(entry: Entry): ConnectorHooks {
    const live = () => this.entries.get(entry.conn.printerId) === entry
    const type = entry.conn.type
    const guard =
      <A extends unknown[]>(fn: (...a: A) => void) =>
      (...a: A) => {
        if (!live()) return
        try {
          fn(...a)
        } catch (e) {
          log('warn', 'printer poller hook failed', { printerId: entry.conn.printerId, error: String(e) })
        }
      }
    return {
      report: guard((snapshot: LiveSnapshot) => {
        countPrinterEvent('message', type)
        this.seen(entry)
        this.apply(entry, snapshot)
      }),
      heard: guard(() => {
        countPrinterEvent('message', type)
        this.seen(entry)
      }),
      connected: guard(() => {
        entry.record.connectedSince = this.options.now()
        entry.dirty = true
      }),
      disconnected: guard((error: string) => {
        entry.record.connectedSince = null
        this.setError(entry, error)
      }),
      problem: guard((error: string) => this.setError(entry, error)),
      parseError: guard(() => {
        countPrinterEvent('parse_error', type)
        this.setError(entry, 'unreadable message from the printer')
      }),
      reconnecting: guard(() => countPrinterEvent('reconnect', type)),
      certificate: guard((fingerprint: string) => {
        pinCertificate(entry.conn.printerId, fingerprint).catch((e: unknown) => log('warn', 'printer certificate not pinned', { printerId: entry.conn.printerId, error: String(e) }))
      }),
    }
  }

  private seen(entry: Entry) {
    const now = this.options.now()
    entry.record.lastSeenAt = now
    if (now.getTime() - entry.writtenSeenAt >= this.options.seenWriteMs) entry.dirty = true
  }

  private setError(entry: Entry, error: string) {
    entry.record.lastError = asText(error) ?? 'error'
    entry.record.lastErrorAt = this.options.now()
    entry.dirty = true
  }

  private apply(entry: Entry, snapshot: LiveSnapshot) {
    const r = entry.record
    if (sameSnapshot(r, snapshot)) return
    Object.assign(r, snapshot)
    entry.dirty = true
    if (isStateChange(entry.knownState, snapshot.state)) {
      this.changes.push({ printerId: entry.conn.printerId, fromState: entry.knownState, toState: snapshot.state, at: this.options.now(), file: snapshot.file, progress: snapshot.progress, message: snapshot.message, filamentMm: snapshot.filamentMm })
      entry.knownState = snapshot.state
    }
  }

  /** Printers silent for longer than `offlineAfterMs` (counted from the later of last report and connector start) go offline. */
  private watchdog() {
    const now = this.options.now().getTime()
    for (const entry of this.entries.values()) {
      if (entry.record.state === 'offline') continue
      const since = Math.max(entry.record.lastSeenAt?.getTime() ?? 0, entry.startedAt)
      if (now - since > this.options.offlineAfterMs) this.apply(entry, { ...entry.record, state: 'offline' })
    }
  }

  private flush(): Promise<void> {
    if (this.flushing) return this.flushing
    if (!this.leadership) return Promise.resolve()
    const dirty = [...this.entries.values()].filter((e) => e.dirty)
    const changes = this.changes.splice(0)
    if (dirty.length === 0 && changes.length === 0) return Promise.resolve()
    for (const e of dirty) {
      e.dirty = false
      e.writtenSeenAt = e.record.lastSeenAt?.getTime() ?? 0
    }
    const rows = dirty.map((e) => ({ printerId: e.conn.printerId, record: { ...e.record } }))
    this.flushing = writeLiveBatch(rows, changes)
      // Prints start and end with the stored changes (a failed write retries both; tracking failures are its own to log).
      .then(() => trackPrints(changes))
      .catch((e: unknown) => {
        log('warn', 'printer poller: writing live state failed; retrying', { error: String(e) })
        for (const d of dirty) if (this.entries.get(d.conn.printerId) === d) d.dirty = true
        this.changes.unshift(...changes)
      })
      .finally(() => {
        this.flushing = null
        this.publishGauge()
      })
    return this.flushing
  }

  private publishGauge() {
    const counts: Record<string, number> = {}
    for (const e of this.entries.values()) if (e.record.connectedSince) counts[e.conn.type] = (counts[e.conn.type] ?? 0) + 1
    setPrintersConnected(counts)
  }
}

// ---- the process's poller ------------------------------------------------------------------------------------------

// Kept on globalThis so the dev server's rebuilds share it.
const g = globalThis as typeof globalThis & { __mesPrinterPoller?: PrinterPoller; __mesPrinterPollerEnabled?: boolean }

/** Starts this process's poller (once). boot() calls it when connections exist; a save calls it lazily. */
export async function startPrinterPoller(options: Partial<PollerOptions> = {}): Promise<PrinterPoller> {
  g.__mesPrinterPollerEnabled = true
  if (!g.__mesPrinterPoller) {
    g.__mesPrinterPoller = new PrinterPoller(options)
    await g.__mesPrinterPoller.start()
  }
  return g.__mesPrinterPoller
}

/** boot(): a connection saved later starts the poller (tests never call boot, so saves there start nothing). */
export function enablePrinterPoller() {
  g.__mesPrinterPollerEnabled = true
}

export async function stopPrinterPoller(): Promise<void> {
  const p = g.__mesPrinterPoller
  g.__mesPrinterPoller = undefined
  g.__mesPrinterPollerEnabled = false
  await p?.stop()
}

/** A connection was saved on this instance: the running poller re-reads at once; an enabled one that is not running starts. */
export function printerConnectionsChanged(): void {
  const p = g.__mesPrinterPoller
  if (p) {
    p.nudge().catch((e: unknown) => log('warn', 'printer poller refresh failed', { error: String(e) }))
  } else if (g.__mesPrinterPollerEnabled) {
    startPrinterPoller().catch((e: unknown) => log('warn', 'printer poller did not start', { error: String(e) }))
  }
}
