/**
 * Live printers on the pages (issue 18 item 4): /printers/live-events is a server-sent event stream that says `live`
 * when what a page shows of a printer's report changes (state, progress, a print ending) — not when only a temperature
 * moves — and ends when the page goes away.
 */
import { describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { printerConnections } from '~db/schema'
import { writeLiveBatch } from '~/models/printers/live/store.server'
import * as events from '~/routes/printers.live-events'
import * as lines from '~/routes/printers.live-lines'
import * as boardLive from '~/routes/schedule.live'
import { audit } from '~/utils/audit.server'
import { callLoader, makeRequest, makeUser, sessionFor } from '../support/app'
import { makePrinter } from '../support/scheduling-fixtures'

const record = (o: Partial<Parameters<typeof writeLiveBatch>[0][number]['record']> = {}) => ({
  state: 'printing' as const,
  progress: 0.4,
  remainingSeconds: 1200,
  file: 'hinge.gcode',
  nozzleC: 215,
  bedC: 60,
  message: null,
  filamentMm: 1000,
  lastSeenAt: new Date(),
  connectedSince: new Date(),
  lastError: null,
  lastErrorAt: null,
  ...o,
})

/** A stream reader whose read left waiting at a timeout is kept for the next call (so no chunk is lost). */
function streamReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader()
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null
  return {
    /** What arrives until `until` matches it, or `ms` pass. */
    async readFor(ms: number, until?: RegExp): Promise<string> {
      let text = ''
      const deadline = Date.now() + ms
      while (Date.now() < deadline) {
        pending ??= reader.read()
        const chunk = await Promise.race([pending, new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))])
        if (chunk === null) break
        pending = null
        if (chunk.done) break
        text += new TextDecoder().decode(chunk.value)
        if (until?.test(text)) break
      }
      return text
    },
    async done(): Promise<boolean> {
      const chunk = await (pending ?? reader.read())
      pending = null
      return chunk.done
    },
  }
}

describe('/printers/live-events', () => {
  test('says "live" (with the printer’s id) when its state or progress changes, not for a temperature; stops when the page goes away', async () => {
    const printer = await makePrinter()
    await db.insert(printerConnections).values({ printerId: printer.id, type: 'moonraker', host: '127.0.0.1' })
    await writeLiveBatch([{ printerId: printer.id, record: record() }], [])
    const user = await makeUser('viewer')
    const page = new AbortController()
    const base = makeRequest('/printers/live-events', { cookie: await sessionFor(user.id) })
    // The page's own signal, as the server's adapter gives it: `new Request(base, { signal })` follows the signal through
    // an AbortController held only weakly (undici), so a garbage collection in between could drop the abort.
    const request = new Request(base)
    Object.defineProperty(request, 'signal', { value: page.signal })
    const res = (await events.loader({ request, params: {}, context: {} })) as Response
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect(res.headers.get('cache-control')).toContain('no-transform')
    const reader = streamReader(res.body!)
    expect(await reader.readFor(500, /retry/)).toContain('retry: 5000')
    // Let the watcher take its first reading, then change only the temperature: nothing to tell.
    await new Promise((r) => setTimeout(r, 1200))
    await writeLiveBatch([{ printerId: printer.id, record: record({ nozzleC: 216.5 }) }], [])
    expect(await reader.readFor(2500, /event: live/)).not.toContain('event: live')
    await writeLiveBatch([{ printerId: printer.id, record: record({ nozzleC: 216.5, progress: 0.45 }) }], [])
    // The event names the printers that changed, so a printer's own page reloads only for it.
    expect(await reader.readFor(3000, /event: live/)).toContain(`event: live\ndata: ["${printer.id}"]`)
    await writeLiveBatch([{ printerId: printer.id, record: record({ state: 'finished', progress: 1, remainingSeconds: 0 }) }], [])
    expect(await reader.readFor(3000, /event: live/)).toContain('event: live')
    page.abort()
    expect(await reader.done()).toBe(true)
  })

  test('signed-out visitors are sent to the login page', async () => {
    const res = await events.loader({ request: makeRequest('/printers/live-events'), params: {}, context: {} }).catch((e: unknown) => e)
    expect(res).toBeInstanceOf(Response)
    expect((res as Response).headers.get('Location')).toMatch(/^\/login/)
  })
})

describe('the board and its strip', () => {
  test('the board’s live mark moves for a change people make, not for the printers’ reports; the strip reads them on its own', async () => {
    const printer = await makePrinter()
    await db.insert(printerConnections).values({ printerId: printer.id, type: 'moonraker', host: '127.0.0.1' })
    const user = await makeUser('viewer')
    const cookie = await sessionFor(user.id)
    const mark = async () => ((await callLoader(boardLive, makeRequest('/schedule/live', { cookie }))).data as { v: string }).v
    const first = await mark()
    await writeLiveBatch([{ printerId: printer.id, record: record({ progress: 0.7 }) }], [])
    await writeLiveBatch([{ printerId: printer.id, record: record({ state: 'finished', progress: 1 }) }], [])
    expect(await mark()).toBe(first)
    await db.transaction((tx) => audit(tx, { id: null, username: 'test' }, { action: 'test.change', entityType: 'test' }))
    expect(await mark()).not.toBe(first)
    const strip = (await callLoader(lines, makeRequest('/printers/live-lines', { cookie }))).data as { items: Array<{ id: string; label: string; live: { state: string; progress: number } }> }
    expect(strip.items.find((i) => i.id === printer.id)).toEqual({ id: printer.id, label: printer.assetId, live: expect.objectContaining({ state: 'finished', progress: 1 }) })
  })
})
