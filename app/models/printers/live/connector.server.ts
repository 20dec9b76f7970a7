/**
 * What every connector (Moonraker, OctoPrint, Bambu) offers the poller, and the pieces they share: the printer's
 * address as a URL, a JSON GET with a time limit and a size cap, and the reconnect schedule.
 */
import type { ConnectedType, ConnectionSecrets } from '~/domain/printers/live/connection'
import { backoffMs, type LiveSnapshot } from '~/domain/printers/live/state'

export interface ConnectorTarget {
  printerId: string
  type: ConnectedType
  host: string
  port: number
  tls: boolean
  secrets: ConnectionSecrets
  /** Bambu over TLS: the certificate to insist on (SHA-256, colon hex); null: trust the first one and report it. */
  pinnedFingerprint: string | null
}

/** How a connector tells the poller what happened. Every call is cheap and never throws. */
export interface ConnectorHooks {
  /** A message from the printer that gave a (possibly unchanged) snapshot. */
  report(snapshot: LiveSnapshot): void
  /** A sign of life without a new snapshot (a heartbeat answer, a report about something else). */
  heard(): void
  connected(): void
  /** The connection is gone (or an attempt failed); `error` says why. The connector retries by itself. */
  disconnected(error: string): void
  /** A problem that does not end the connection (a JSON-RPC error, a refused request). */
  problem(error: string): void
  /** A message that could not be read (counted; never fatal). */
  parseError(): void
  /** A new attempt after a lost or failed connection (counted). */
  reconnecting(): void
  /** The printer presented this certificate and it was trusted on first use: pin it. */
  certificate(fingerprint: string): void
}

export interface ConnectorTimings {
  /** Time limit of one HTTP request or connection attempt. */
  requestTimeoutMs: number
  /** OctoPrint: poll period. Moonraker: the HTTP query that doubles as heartbeat. Bambu: MQTT keepalive. */
  pollMs: number
  /** Delay before reconnect attempt n (1, 2, …). */
  backoff: (attempt: number) => number
}

export const DEFAULT_TIMINGS: ConnectorTimings = {
  requestTimeoutMs: 5_000,
  pollMs: 5_000,
  backoff: (attempt) => backoffMs(attempt, Math.random()),
}

export interface Connector {
  stop(): Promise<void>
}

export type ConnectorFactory = (target: ConnectorTarget, hooks: ConnectorHooks, timings: ConnectorTimings) => Connector

/** `host:port` for a URL (an IPv6 address in brackets). */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** Largest body a printer may send us (HTTP answer, websocket frame, MQTT payload). */
export const MAX_MESSAGE_BYTES = 1024 * 1024

export class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`)
  }
}

/** GET a JSON body within `timeoutMs` and MAX_MESSAGE_BYTES; the text (not yet parsed), or a thrown error. */
export async function fetchText(url: string, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  const timeout = AbortSignal.timeout(timeoutMs)
  const res = await fetch(url, { headers: { Accept: 'application/json', ...headers }, signal: signal ? AbortSignal.any([timeout, signal]) : timeout, redirect: 'error' })
  if (!res.ok) {
    await res.body?.cancel().catch(() => {})
    throw new HttpStatusError(res.status)
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_MESSAGE_BYTES) {
      await reader.cancel().catch(() => {})
      throw new Error('answer larger than 1 MiB')
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** A short, secret-free description of a network error for `last_error`. */
export function describeError(e: unknown): string {
  if (e instanceof HttpStatusError) return e.status === 401 || e.status === 403 ? `refused (HTTP ${e.status}): check the API key` : e.message
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } } | null
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timed out'
  const code = err?.cause?.code ?? err?.code
  if (code === 'ECONNREFUSED') return 'connection refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found'
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable'
  if (code === 'ECONNRESET') return 'connection reset'
  const text = err?.cause?.message ?? err?.message ?? String(e)
  return text.slice(0, 200)
}

/**
 * Runs `attempt` again after a failure, waiting `timings.backoff(n)` before the n-th retry; stops when `stopped()`.
 * Returns a function that schedules the next retry (called by the connector when a connection ends).
 */
export function reconnectLoop(timings: ConnectorTimings, hooks: ConnectorHooks, stopped: () => boolean, attempt: () => void) {
  let failures = 0
  let timer: NodeJS.Timeout | null = null
  return {
    /** The connection failed or ended: try again after the next delay. */
    retry() {
      if (stopped() || timer) return
      failures++
      timer = setTimeout(() => {
        timer = null
        if (stopped()) return
        hooks.reconnecting()
        attempt()
      }, timings.backoff(failures))
      timer.unref()
    },
    /** The connection is up: the next failure starts from the shortest delay again. */
    succeeded() {
      failures = 0
    },
    cancel() {
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
