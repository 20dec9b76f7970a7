/**
 * Races between job actions on PostgreSQL (issue 21, findings 2–4), made deterministic with row locks held by a second
 * connection: the actions are started while a row they need is held, the test waits until PostgreSQL reports them
 * waiting for it, then lets go. PGlite has one connection, so nothing there can interleave: PostgreSQL only.
 */
import fc from 'fast-check'
import postgres from 'postgres'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { getDbHandle } from '~db/client.server'
import { finishJob } from '~/models/scheduling/job-output.server'
import { moveJob, startJob } from '~/models/scheduling/job-edits.server'
import { productSurplus } from '~/models/scheduling/surplus.server'
import { actor, at, auditRows, finishWith, insertJob, jobRow, makeFilament, makeOrder, makePrinter, makeProduct, resetScheduling } from '../support/scheduling-fixtures'

const planner = actor(null, 'planner')
const operator = actor(null, 'operator')

describe.runIf(!!process.env.TEST_DATABASE_URL)('job actions racing on PostgreSQL', () => {
  let url = ''
  let observer: postgres.Sql
  beforeAll(() => {
    const handle = getDbHandle()
    if (handle.kind !== 'postgres') throw new Error('PostgreSQL expected')
    url = handle.config.databaseUrl!
    observer = postgres(url, { max: 1, onnotice: () => {} })
  })
  afterAll(() => observer?.end())
  beforeEach(resetScheduling)

  /** Holds the row locks `query` takes (a second connection, in an open transaction) until `release()`. */
  async function hold(query: string) {
    const client = postgres(url, { max: 1, onnotice: () => {} })
    let letGo!: () => void
    const released = new Promise<void>((resolve) => (letGo = resolve))
    let held!: () => void
    const holding = new Promise<void>((resolve) => (held = resolve))
    const done = client.begin(async (tx) => {
      await tx.unsafe(query)
      held()
      await released
    })
    await holding
    return {
      release: async () => {
        letGo()
        await done
        await client.end()
      },
    }
  }

  /** Sessions of this database waiting for a lock right now. */
  async function waiting(): Promise<number> {
    const [{ n }] = await observer<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`
    return n
  }
  const untilWaiting = (n: number) => vi.waitFor(async () => expect(await waiting()).toBeGreaterThanOrEqual(n), { timeout: 10_000, interval: 20 })

  test('finding 2: a job moved (and so locked) while another job of its order is finished is kept where it was moved', async () => {
    const [p1, p2] = [await makePrinter(), await makePrinter()]
    const { filament } = await makeFilament()
    const product = await makeProduct(filament.id, { unitsPerPlate: 8 })
    const o = await makeOrder(product.id, { targetQuantity: 8 })
    // Y prints 4 of the 8; X plans the other 4. Y comes out with 8 good: X is no longer needed — unless a planner just
    // moved it, which locks it (the plan keeps locked jobs).
    const y = await insertJob({ orderId: o.id, product, printerId: p1.id, startsAt: at(0), endsAt: at(1), status: 'printing', units: 4 })
    const x = await insertJob({ orderId: o.id, product, printerId: p1.id, startsAt: at(2), endsAt: at(3), units: 4 })

    const lock = await hold(`select id from print_jobs where id = '${x.id}' for update`)
    const move = moveJob(planner, x.id, x.version, { printerId: p2.id, start: at(5), now: at(0) })
    await untilWaiting(1) // the move waits for X first
    const finish = finishJob(operator, y.id, y.version, finishWith({ goodUnits: 8, grams: '0' }), at(1))
    await untilWaiting(2) // then the finish, for X too (today: to delete it, from what it read before the move)
    await lock.release()
    const [moved, finished] = await Promise.all([move, finish])

    expect(moved).toMatchObject({ ok: true, job: { id: x.id, printerId: p2.id, locked: true } })
    expect(finished).toMatchObject({ ok: true, notice: { removed: 0 } })
    expect(await jobRow(x.id)).toMatchObject({ status: 'planned', locked: true, printerId: p2.id, units: 4, startsAt: at(5) })
    expect(await auditRows('job.move')).toHaveLength(1)
    expect((await auditRows('job.finish'))[0].after).toMatchObject({ removedJobIds: [], keptChangedJobIds: [x.id] })
  })

  test('finding 3: jobs of one order finished at the same moment book their over-production once, in full (ledger = Σ good − target)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 2, maxLength: 4 }), async (goods) => {
        await resetScheduling()
        const product = await makeProduct(null, { unitsPerPlate: 60 })
        const o = await makeOrder(product.id, { targetQuantity: 40 })
        const jobs = []
        for (const [i] of goods.entries()) {
          const printer = await makePrinter()
          jobs.push(await insertJob({ orderId: o.id, product, printerId: printer.id, startsAt: at(i), endsAt: at(i + 1), status: 'printing', units: 20 }))
        }
        // The order row held: today's finishes read the output without it and only wait when they book surplus (the
        // ledger row's foreign key), so every one of them has read the output before any commits.
        const lock = await hold(`select id from orders where id = '${o.id}' for update`)
        let settled = 0
        const finishes = jobs.map((j, i) =>
          finishJob(actor(null, `op-${i}`), j.id, j.version, finishWith({ goodUnits: goods[i], grams: '0' }), at(i + 1)).finally(() => settled++),
        )
        await vi.waitFor(async () => expect(settled + (await waiting())).toBe(goods.length), { timeout: 10_000, interval: 20 })
        await lock.release()
        const results = await Promise.all(finishes)
        expect(results.every((r) => r.ok)).toBe(true)
        const total = goods.reduce((s, g) => s + g, 0)
        expect(await productSurplus(product.id)).toBe(Math.max(0, total - 40))
      }),
      { numRuns: 8 },
    )
  })

  test('finding 4: two jobs of one printer started at once — one prints, the other is told the printer is busy (no deadlock, no error)', async () => {
    const printer = await makePrinter()
    const product = await makeProduct(null)
    const o = await makeOrder(product.id, { targetQuantity: 12 })
    // W first (it is the first row either start meets when it locks the printer's other jobs). Started now (0.5 h),
    // neither slot overlaps the other job: the loser's job stays planned and the printer is busy.
    const w = await insertJob({ orderId: o.id, product, printerId: printer.id, startsAt: at(20), endsAt: at(21) })
    const z1 = await insertJob({ orderId: o.id, product, printerId: printer.id, startsAt: at(5), endsAt: at(6) })
    const z2 = await insertJob({ orderId: o.id, product, printerId: printer.id, startsAt: at(8), endsAt: at(9) })

    // W held: today both starts lock their own job, then wait for W; let go, the first takes W and waits for the other's
    // job while the other waits for W — a deadlock, which reached the operator as a 500.
    const lock = await hold(`select id from print_jobs where id = '${w.id}' for update`)
    const starts = [startJob(operator, z1.id, z1.version, at(0.5)), startJob(actor(null, 'op-2'), z2.id, z2.version, at(0.5))]
    const outcomes = Promise.allSettled(starts)
    await untilWaiting(2)
    await lock.release()
    const results = await outcomes

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled'])
    const values = results.map((r) => (r as PromiseFulfilledResult<Awaited<(typeof starts)[number]>>).value)
    expect(values.filter((r) => r.ok)).toHaveLength(1)
    expect(values.find((r) => !r.ok)).toMatchObject({ ok: false, problem: { code: 'printer_busy' } })
    expect((await auditRows('job.start')).length).toBe(1)
    expect([(await jobRow(z1.id)).status, (await jobRow(z2.id)).status].sort()).toEqual(['planned', 'printing'])
  })

  test('finding 4, unforced: ten rounds of two starts on one printer at once end in one start and one refusal each', async () => {
    for (let round = 0; round < 10; round++) {
      await resetScheduling()
      const printer = await makePrinter()
      const product = await makeProduct(null)
      const o = await makeOrder(product.id, { targetQuantity: 8 })
      const a = await insertJob({ orderId: o.id, product, printerId: printer.id, startsAt: at(5), endsAt: at(6) })
      const b = await insertJob({ orderId: o.id, product, printerId: printer.id, startsAt: at(8), endsAt: at(9) })
      const results = await Promise.all([startJob(operator, a.id, a.version, at(0.5)), startJob(operator, b.id, b.version, at(0.5))])
      expect(results.filter((r) => r.ok)).toHaveLength(1)
      expect(results.find((r) => !r.ok)).toMatchObject({ problem: { code: 'printer_busy' } })
    }
  })
})
