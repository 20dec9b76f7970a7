/**
 * Helpers of the live-printer integration tests: printers, a poller with short timings, /metrics counters, waiting. The
 * protocol fakes (Moonraker, OctoPrint) live in tests/support/printer-fakes.ts, shared with the e2e specs.
 */
import { randomBytes } from 'node:crypto'
import { db } from '~db/client.server'
import { printers } from '~db/schema'
import { calendarPreset } from '~/domain/printers'
import { PrinterPoller, type PollerOptions } from '~/models/printers/live/poller.server'
import { registry } from '~/utils/metrics.server'

export { freePort, startMoonrakerFake, startOctoPrintFake, type MoonrakerFake, type OctoPrintFake } from '../support/printer-fakes'

export const TEST_KEY = randomBytes(32).toString('base64')

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
    } catch (e) {
      last = e
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

let seq = 0
export async function makeLivePrinter(): Promise<{ id: string; assetId: string }> {
  const assetId = `LIVE-${process.pid}-${++seq}`
  const [p] = await db.insert(printers).values({ assetId, name: `Live ${seq}`, calendar: calendarPreset('always') }).returning({ id: printers.id, assetId: printers.assetId })
  return p
}

/** A poller with short timings (offline after 600 ms, retries after 100 ms), started; stop it in afterEach. */
export async function testPoller(options: Partial<PollerOptions> = {}): Promise<PrinterPoller> {
  const poller = new PrinterPoller({
    offlineAfterMs: 600,
    refreshMs: 100,
    flushMs: 20,
    seenWriteMs: 0,
    leaseMs: 200,
    // A lenient request limit: a busy CI machine must not turn a slow answer into a reconnect.
    timings: { requestTimeoutMs: 3_000, pollMs: 100, backoff: () => 100 },
    ...options,
  })
  await poller.start()
  return poller
}

/** The value of a counter for one connection type, from the /metrics registry. */
export async function counter(name: string, type: string): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name) as { values: Array<{ value: number; labels: Record<string, string> }> } | undefined
  return metric?.values.find((v) => v.labels.type === type)?.value ?? 0
}

