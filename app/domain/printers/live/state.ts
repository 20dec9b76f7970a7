/**
 * The one shape every printer connector reports (Moonraker, OctoPrint, Bambu Lab LAN), whatever its protocol says, and
 * the small rules around it: when a printer counts as offline, when a report is a state change worth keeping in the
 * history, how long to wait before reconnecting. Pure: "now" is an argument.
 */

export const LIVE_STATES = ['idle', 'printing', 'paused', 'finished', 'error', 'offline'] as const
export type LiveState = (typeof LIVE_STATES)[number]

export const CONNECTION_TYPES = ['none', 'moonraker', 'octoprint', 'bambu'] as const
export type ConnectionType = (typeof CONNECTION_TYPES)[number]

/** A printer not heard from for this long shows "offline" (issue 18). */
export const OFFLINE_AFTER_MS = 30_000

/** What a printer said about itself, normalised: progress 0..1, times in seconds, temperatures in °C; null = unknown. */
export interface LiveSnapshot {
  state: LiveState
  progress: number | null
  remainingSeconds: number | null
  file: string | null
  nozzleC: number | null
  bedC: number | null
  message: string | null
  /** Filament the current print has used so far, mm (Moonraker, OctoPrint); the record's grams come from it. */
  filamentMm: number | null
}

export const EMPTY_SNAPSHOT: LiveSnapshot = { state: 'offline', progress: null, remainingSeconds: null, file: null, nozzleC: null, bedC: null, message: null, filamentMm: null }

/** The stored live state of one printer, as every instance reads it. */
export interface LiveRecord extends LiveSnapshot {
  lastSeenAt: Date | null
  connectedSince: Date | null
  lastError: string | null
  lastErrorAt: Date | null
}

/**
 * The state a reader should see now: a printer whose last report is older than `offlineAfterMs` (or that never reported)
 * is offline, whatever the stored row says — so a page shows "offline" even when no poller runs anywhere.
 */
export function effectiveLive<T extends LiveRecord>(record: T, now: Date, offlineAfterMs = OFFLINE_AFTER_MS): T {
  if (record.state === 'offline') return record
  const seen = record.lastSeenAt?.getTime()
  if (seen === undefined || now.getTime() - seen > offlineAfterMs) return { ...record, state: 'offline' }
  return record
}

/** True when `next` is a transition the history keeps (a different state; the first report of a printer counts). */
export function isStateChange(prev: LiveState | null, next: LiveState): boolean {
  return prev !== next
}

/**
 * Delay before reconnect attempt `attempt` (1, 2, …): 1 s doubling to `maxMs` (30 s), ±20 % jitter from `random` (0..1),
 * so a fleet that lost the network does not come back in one burst.
 */
export function backoffMs(attempt: number, random: number, { baseMs = 1000, maxMs = 30_000 } = {}): number {
  const n = Math.max(1, Math.floor(Number.isFinite(attempt) ? attempt : 1))
  const raw = Math.min(maxMs, baseMs * 2 ** Math.min(n - 1, 30))
  const r = Number.isFinite(random) ? Math.min(1, Math.max(0, random)) : 0.5
  return Math.round(raw * (0.8 + 0.4 * r))
}

// ---- sanitising what a printer sends -------------------------------------------------------------------------------

/** A JSON object (not an array, not null), or null. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}

/** A finite number (a numeric string too, as some firmware sends "215.3"), or null. */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) && value.length <= 32) return Number(value)
  return null
}

/** A temperature in °C within what a printer can mean (−50 … 1000), rounded to 0.1; else null. */
export function asCelsius(value: unknown): number | null {
  const n = asNumber(value)
  return n === null || n < -50 || n > 1000 ? null : Math.round(n * 10) / 10
}

/** A fraction 0..1 (clamped), or null. */
export function asFraction(value: unknown): number | null {
  const n = asNumber(value)
  return n === null ? null : Math.min(1, Math.max(0, n))
}

/** Whole seconds ≥ 0 below 100 days, or null. */
export function asSeconds(value: unknown): number | null {
  const n = asNumber(value)
  return n === null || n < 0 || n > 100 * 86_400 ? null : Math.round(n)
}

/** A filament length in mm, 0 up to 10 km (what no spool holds), to 0.1 mm; else null. */
export function asFilamentMm(value: unknown): number | null {
  const n = asNumber(value)
  return n === null || n < 0 || n > 10_000_000 ? null : Math.round(n * 10) / 10
}

const MAX_TEXT = 255

/**
 * Drops what must not reach a page or the database: C0/C1 controls (PostgreSQL text cannot hold NUL at all), bidi
 * overrides and isolates, and lone surrogates.
 */
function printable(s: string): string {
  let out = ''
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || (c >= 0xd800 && c <= 0xdfff)) continue
    out += ch
  }
  return out
}

/** Printable text of at most 255 characters (controls and lone surrogates dropped, trimmed); empty → null. */
export function asText(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const clean = printable(value.slice(0, MAX_TEXT * 4)).trim()
  if (!clean) return null
  return Array.from(clean).slice(0, MAX_TEXT).join('')
}

/** Parses a message body as JSON; anything that is not JSON (or too deep to be a report) is null, never a throw. */
export function parseJson(text: string, maxBytes = 1024 * 1024): unknown {
  if (typeof text !== 'string' || text.length > maxBytes) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/** Merges a partial status into the last one, one level deep per object (Moonraker and Bambu send only what changed). */
export function mergeStatus(prev: Record<string, unknown>, delta: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...prev }
  for (const [key, value] of Object.entries(delta)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue
    const before = asObject(out[key])
    const after = asObject(value)
    out[key] = before && after ? { ...before, ...withoutPrototypeKeys(after) } : value
  }
  return out
}

function withoutPrototypeKeys(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) if (k !== '__proto__' && k !== 'constructor' && k !== 'prototype') out[k] = v
  return out
}

/** Same snapshot (nothing a reader would see changed)? Used to skip writes when a report repeats the last one. */
export function sameSnapshot(a: LiveSnapshot, b: LiveSnapshot): boolean {
  return (
    a.state === b.state &&
    a.progress === b.progress &&
    a.remainingSeconds === b.remainingSeconds &&
    a.file === b.file &&
    a.nozzleC === b.nozzleC &&
    a.bedC === b.bedC &&
    a.message === b.message &&
    a.filamentMm === b.filamentMm
  )
}
