/**
 * The Moonraker and OctoPrint connectors and the poller (issue 18 items 2, 3, 6) against fakes that speak the documented
 * protocols (./printer-live-support.ts): state mapping, websocket deltas, offline after silence, reconnect after the
 * printer comes back, hostile payloads, refused keys, the stored state and history, health and /metrics counters, and
 * one leading poller across instances.
 */
import { eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { db, getDbHandle, resultRows } from '~db/client.server'
import { printerLiveState } from '~db/schema'
import { saveConnection } from '~/models/printers/live/connections.server'
import type { PrinterPoller } from '~/models/printers/live/poller.server'
import { liveOf, recentStateChanges, storedLive } from '~/models/printers/live/store.server'
import { resetEnvCache } from '~/utils/env.server'
import { counter, makeLivePrinter, startMoonrakerFake, startOctoPrintFake, TEST_KEY, testPoller, waitFor, type MoonrakerFake, type OctoPrintFake } from './printer-live-support'

const actor = { id: null, username: 'test' }
const stops: Array<() => Promise<void>> = []
const track = <T extends { stop?: () => Promise<void>; close?: () => Promise<void> }>(x: T): T => {
  stops.push(() => (x.stop ? x.stop() : x.close!()))
  return x
}

beforeEach(() => {
  process.env.PRINTER_SECRET_KEY = TEST_KEY
  resetEnvCache()
})
afterEach(async () => {
  while (stops.length) await stops.pop()!()
})

async function connect(printerId: string, input: Parameters<typeof saveConnection>[2]) {
  const r = await saveConnection(actor, printerId, input, null)
  expect(r.ok, JSON.stringify(r)).toBe(true)
}

const live = (id: string) => liveOf(id, new Date())
const printing = { print_stats: { state: 'printing', filename: 'bracket_x4.gcode', print_duration: 600, message: '' }, display_status: { progress: 0.25 }, extruder: { temperature: 215.04 }, heater_bed: { temperature: 60 } }

describe('Moonraker (Klipper)', () => {
  async function moonrakerPrinter(opts: { apiKey?: string; sentKey?: string } = {}): Promise<{ id: string; fake: MoonrakerFake }> {
    const fake = track(await startMoonrakerFake({ apiKey: opts.apiKey }))
    const p = await makeLivePrinter()
    await connect(p.id, { type: 'moonraker', host: '127.0.0.1', port: fake.port, tls: false, apiKey: opts.sentKey ?? opts.apiKey })
    return { id: p.id, fake }
  }

  test('reads the query, subscribes on the websocket and follows notify_status_update deltas into the stored state', async () => {
    const { id, fake } = await moonrakerPrinter({ apiKey: 'moon-key-1' })
    Object.assign(fake.status, structuredClone(printing))
    track(await testPoller())
    // The HTTP query reports first; the websocket's open marks the connection up.
    const first = await waitFor('printing state, connected', async () => {
      const l = await live(id)
      return l?.state === 'printing' && l.connectedSince ? l : null
    })
    expect(first).toMatchObject({ progress: 0.25, remainingSeconds: 1800, file: 'bracket_x4.gcode', nozzleC: 215, bedC: 60, message: null })
    expect(first?.connectedSince).toBeInstanceOf(Date)
    expect(fake.subscriptions).toBe(1)

    fake.update({ display_status: { progress: 0.5 }, extruder: { temperature: 219.9 } })
    await waitFor('the delta', async () => (await live(id))?.progress === 0.5)
    expect(await live(id)).toMatchObject({ state: 'printing', nozzleC: 219.9, bedC: 60, file: 'bracket_x4.gcode' })

    fake.update({ print_stats: { state: 'complete' }, display_status: { progress: 1 } })
    await waitFor('finished', async () => (await live(id))?.state === 'finished')
    const history = await recentStateChanges(id)
    expect(history.map((c) => [c.fromState, c.toState])).toEqual([
      ['printing', 'finished'],
      [null, 'printing'],
    ])
    expect(history[0]).toMatchObject({ file: 'bracket_x4.gcode', progress: 1 })
    expect(await counter('mes_printer_messages_total', 'moonraker')).toBeGreaterThanOrEqual(3)
  })

  test('a printer not heard from turns offline; it reconnects with backoff when it comes back', async () => {
    const { id, fake } = await moonrakerPrinter()
    Object.assign(fake.status, structuredClone(printing))
    track(await testPoller())
    await waitFor('printing', async () => (await live(id))?.state === 'printing')
    const reconnectsBefore = await counter('mes_printer_reconnects_total', 'moonraker')

    await fake.close()
    const down = await waitFor('offline', async () => {
      const rows = await storedLive([id])
      return rows.get(id)?.state === 'offline' ? rows.get(id) : null
    })
    expect(down?.connectedSince).toBeNull()
    expect(down?.lastError).toBeTruthy()
    expect(down?.lastErrorAt).toBeInstanceOf(Date)
    expect((await recentStateChanges(id))[0]).toMatchObject({ fromState: 'printing', toState: 'offline' })

    await fake.start()
    const back = await waitFor('back online and connected', async () => {
      const l = await live(id)
      return l?.state === 'printing' && l.connectedSince ? l : null
    })
    expect(back.connectedSince).toBeInstanceOf(Date)
    expect(await counter('mes_printer_reconnects_total', 'moonraker')).toBeGreaterThan(reconnectsBefore)
    expect(fake.subscriptions).toBeGreaterThanOrEqual(1)
  })

  test('hostile frames and bodies are counted as parse errors and never stop the connector', async () => {
    const { id, fake } = await moonrakerPrinter()
    Object.assign(fake.status, structuredClone(printing))
    track(await testPoller())
    await waitFor('printing', async () => (await live(id))?.state === 'printing')
    const before = await counter('mes_printer_parse_errors_total', 'moonraker')
    const junk = () => {
      for (const frame of ['not json', '[1,2,3]', '{"jsonrpc":"2.0","method":"notify_status_update","params":"x"}', 'null', '{"__proto__":{"polluted":true}}']) fake.sendRaw(frame)
      fake.sendRaw(Buffer.from([0xff, 0x00, 0xfe]))
    }
    const oddStatus = { print_stats: { filename: 'a\u0000b\u202e.gcode', state: 'constructor' }, extruder: { temperature: 'hot' } }
    const odd = JSON.stringify({ jsonrpc: '2.0', method: 'notify_status_update', params: [oddStatus, 1] })
    // The fake's own status says the same, so a heartbeat query between the delta and the check cannot undo it (a CI
    // run read the printing state back from one).
    Object.assign(fake.status, structuredClone(oddStatus))
    // Sent again until counted (a frame sent while the connector is between connections reaches nobody).
    await waitFor('parse errors counted', async () => {
      junk()
      return (await counter('mes_printer_parse_errors_total', 'moonraker')) >= before + 6
    })
    await waitFor('the odd delta', async () => {
      fake.sendRaw(odd)
      return (await live(id))?.file === 'ab.gcode'
    })
    expect(await live(id)).toMatchObject({ state: 'idle', nozzleC: null })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    // Still following: a good delta after the junk lands.
    fake.update({ print_stats: { state: 'paused' } })
    await waitFor('paused', async () => (await live(id))?.state === 'paused')
    // A query answer that is not JSON (the heartbeat) is a parse error, not a crash.
    fake.queryBody = '<html>502 Bad Gateway</html>'
    await waitFor('heartbeat parse error', async () => (await live(id))?.lastError === 'unreadable message from the printer')
  })

  test('a refused API key leaves the printer offline with the reason as its last error', async () => {
    const { id } = await moonrakerPrinter({ apiKey: 'right-key', sentKey: 'wrong-key' })
    track(await testPoller())
    const row = await waitFor('an error', async () => (await storedLive([id])).get(id)?.lastError)
    expect(row).toMatch(/refused \(HTTP 401\)/)
    expect((await live(id))?.state).toBe('offline')
  })
})

describe('OctoPrint', () => {
  async function octoPrinter(sentKey = 'OCTO-KEY-123'): Promise<{ id: string; fake: OctoPrintFake }> {
    const fake = track(await startOctoPrintFake({ apiKey: 'OCTO-KEY-123' }))
    const p = await makeLivePrinter()
    await connect(p.id, { type: 'octoprint', host: '127.0.0.1', port: fake.port, tls: false, apiKey: sentKey })
    return { id: p.id, fake }
  }

  test('polls /api/job and /api/printer with the key: printing, then finished, then 409 = offline with its message', async () => {
    const { id, fake } = await octoPrinter()
    fake.job = { job: { file: { name: 'gear.gcode', display: 'gear.gcode' } }, progress: { completion: 42.5, printTime: 600, printTimeLeft: 812 }, state: 'Printing' }
    fake.printer = { temperature: { tool0: { actual: 210.44 }, bed: { actual: 59.5 } }, state: { text: 'Printing', flags: { operational: true, printing: true } } }
    track(await testPoller())
    await waitFor('printing', async () => (await live(id))?.state === 'printing')
    expect(await live(id)).toMatchObject({ progress: 0.425, remainingSeconds: 812, file: 'gear.gcode', nozzleC: 210.4, bedC: 59.5 })
    expect(fake.lastKey).toBe('OCTO-KEY-123')

    fake.job = { job: { file: { name: 'gear.gcode', display: 'gear.gcode' } }, progress: { completion: 100, printTimeLeft: 0 }, state: 'Operational' }
    fake.printer = { temperature: { tool0: { actual: 80 }, bed: { actual: 50 } }, state: { text: 'Operational', flags: { operational: true, ready: true } } }
    await waitFor('finished', async () => (await live(id))?.state === 'finished')

    fake.notOperational = true
    await waitFor('not operational', async () => (await live(id))?.message === 'printer not connected to OctoPrint')
    expect((await live(id))?.state).toBe('offline')
  })

  test('a wrong key is refused (403) and reported; the poll backs off and retries', async () => {
    const { id, fake } = await octoPrinter('WRONG-KEY')
    track(await testPoller())
    const error = await waitFor('an error', async () => (await storedLive([id])).get(id)?.lastError)
    expect(error).toMatch(/refused \(HTTP 403\)/)
    const n = fake.requests
    await waitFor('a retry', () => fake.requests > n)
    expect(await counter('mes_printer_reconnects_total', 'octoprint')).toBeGreaterThan(0)
  })
})

describe('the poller', () => {
  test('with the real 30 s rule and an injected clock: silent for 30 s is still online, for 31 s offline', async () => {
    const fake = track(await startOctoPrintFake({ apiKey: 'K' }))
    const p = await makeLivePrinter()
    await connect(p.id, { type: 'octoprint', host: '127.0.0.1', port: fake.port, tls: false, apiKey: 'K' })
    let now = Date.now()
    track(await testPoller({ offlineAfterMs: 30_000, now: () => new Date(now) }))
    await waitFor('idle', async () => (await storedLive([p.id])).get(p.id)?.state === 'idle')
    await fake.close()
    const seen = (await storedLive([p.id])).get(p.id)!.lastSeenAt!.getTime()
    now = seen + 30_000
    await new Promise((r) => setTimeout(r, 300))
    expect((await storedLive([p.id])).get(p.id)?.state).toBe('idle')
    now = seen + 31_000
    await waitFor('offline', async () => (await storedLive([p.id])).get(p.id)?.state === 'offline')
    // Readers apply the same rule without a poller: a stored "idle" last seen 31 s ago reads as offline.
    expect((await liveOf(p.id, new Date(seen + 31_000)))?.state).toBe('offline')
  })

  test('a changed connection restarts its connector; type none stops it and removes the live state', async () => {
    const a = track(await startOctoPrintFake({ apiKey: 'K' }))
    const b = track(await startOctoPrintFake({ apiKey: 'K2' }))
    const p = await makeLivePrinter()
    await connect(p.id, { type: 'octoprint', host: '127.0.0.1', port: a.port, tls: false, apiKey: 'K' })
    const poller = track(await testPoller())
    await waitFor('first printer', async () => (await live(p.id))?.state === 'idle')
    await connect(p.id, { type: 'octoprint', host: '127.0.0.1', port: b.port, tls: false, apiKey: 'K2' })
    await poller.nudge()
    await waitFor('the new address', () => b.requests > 0)
    const aCount = a.requests
    await connect(p.id, { type: 'none', host: '', port: null, tls: false })
    await poller.nudge()
    await poller.flushNow()
    const bCount = b.requests
    await new Promise((r) => setTimeout(r, 300))
    expect(b.requests).toBeLessThanOrEqual(bCount + 1)
    expect(a.requests).toBe(aCount)
    expect(await db.select().from(printerLiveState).where(eq(printerLiveState.printerId, p.id))).toEqual([])
  })

  test('a clean stop writes that no connection is up any more (health stays true)', async () => {
    const fake = track(await startOctoPrintFake({ apiKey: 'K' }))
    const p = await makeLivePrinter()
    await connect(p.id, { type: 'octoprint', host: '127.0.0.1', port: fake.port, tls: false, apiKey: 'K' })
    const poller = await testPoller()
    await waitFor('connected', async () => (await storedLive([p.id])).get(p.id)?.connectedSince)
    await poller.stop()
    expect((await storedLive([p.id])).get(p.id)).toMatchObject({ state: 'idle', connectedSince: null })
  })

  test('a poller leads when no other instance does (the embedded database has one process: it always leads)', async () => {
    const poller = track(await testPoller())
    expect(poller.leading).toBe(true)
    if (getDbHandle().kind === 'pglite') expect(track(await testPoller()).leading).toBe(true)
  })

  // Two instances need a server database: run with TEST_DATABASE_URL (CI does).
  test.skipIf(!process.env.TEST_DATABASE_URL)('one instance leads: a second poller waits, and takes over when the first stops (PostgreSQL advisory lock)', async () => {
    const first = track(await testPoller())
    expect(first.leading).toBe(true)
    const second: PrinterPoller = track(await testPoller())
    expect(second.leading).toBe(false)
    await first.stop()
    await waitFor('the second takes over', () => second.leading)
    // The leader's lock connection dies (a killed backend, a database restart): it steps down, and one instance — the
    // other, or itself again — leads after a moment.
    const third: PrinterPoller = track(await testPoller())
    expect(third.leading).toBe(false)
    const holders = resultRows<{ pid: number }>(
      await db.execute(sql`select pid from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`),
    )
    expect(holders).toHaveLength(1)
    await db.execute(sql`select pg_terminate_backend(${holders[0].pid})`)
    await waitFor('the old leader steps down', () => !second.leading)
    await waitFor('exactly one leads again', () => Number(second.leading) + Number(third.leading) === 1)
    const leader = second.leading ? second : third
    await new Promise((r) => setTimeout(r, 500))
    expect(Number(second.leading) + Number(third.leading)).toBe(1)
    expect(leader.leading).toBe(true)
  })
})
