import fs from 'node:fs'
import { eq, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { orders, printJobs } from '~db/schema'
import { correctJob } from '~/models/scheduling/job-output.server'
import { getJob } from '~/models/scheduling/job-queries.server'
import { actor, at, insertJob, makeFilament, makeOrder, makePrinter, makeProduct, resetScheduling, runJob } from '../support/scheduling-fixtures'

// The dashboard reads each order's good units from orders.produced_good, which a trigger on print_jobs keeps (migration
// 0018) instead of summing a year of jobs per request. After every kind of change — a finish through the app, a
// correction, a cancelled or deleted job, a job moved to another order — it must equal the sum it replaces.

beforeEach(resetScheduling)

async function mismatches() {
  const rows = await db.execute<{ id: string; kept: number; summed: number }>(sql`
    select o.id, o.produced_good as kept,
           coalesce((select sum(j.good_units) from print_jobs j where j.order_id = o.id and j.status in ('done', 'failed')), 0)::int as summed
    from orders o`)
  const list = Array.isArray(rows) ? rows : (rows as unknown as { rows: { id: string; kept: number; summed: number }[] }).rows
  return list.filter((r) => Number(r.kept) !== Number(r.summed))
}

async function shop() {
  const printer = await makePrinter()
  const { filament } = await makeFilament('PLA', 'Black', ['5000.0'])
  const product = await makeProduct(filament.id, { unitsPerPlate: 8 })
  const a = await makeOrder(product.id, { targetQuantity: 100 })
  const b = await makeOrder(product.id, { targetQuantity: 100 })
  let h = 0
  const job = (orderId: string, extra = {}) => {
    h += 2
    return insertJob({ orderId, product, printerId: printer.id, startsAt: at(h), endsAt: at(h + 1), filament, ...extra })
  }
  return { a, b, job }
}

const produced = async (id: string) => (await db.select({ n: orders.producedGood }).from(orders).where(eq(orders.id, id)))[0].n

describe("an order's good units, kept by the database", () => {
  test('follow finishes, corrections, cancels, deletes and moves between orders', async () => {
    const { a, b, job } = await shop()
    // Recorded straight in the table (as imports and fixtures do) and through the app's finish.
    await job(a.id, { status: 'done', units: 6 })
    await job(a.id, { status: 'failed', units: 3, extra: { goodUnits: 1, scrapUnits: 2 } })
    const planned = await job(a.id)
    await runJob(planned.id, { end: at(40), input: { goodUnits: 5, scrapUnits: 1 } })
    expect(await produced(a.id)).toBe(6 + 1 + 5)
    // A correction through the app.
    const done = (await getJob(planned.id))!
    expect(await correctJob(actor(null, 'planner'), done.id, done.version, { outcome: 'done', goodUnits: 2, scrapUnits: 0, grams: '' })).toMatchObject({ ok: true })
    expect(await produced(a.id)).toBe(6 + 1 + 2)
    // Planned and printing jobs count for nothing; a job moved to the other order takes its units along.
    const other = await job(b.id, { status: 'done', units: 4 })
    await job(b.id, { status: 'printing' })
    await db.update(printJobs).set({ orderId: a.id }).where(eq(printJobs.id, other.id))
    expect([await produced(a.id), await produced(b.id)]).toEqual([13, 0])
    // Un-finished (back to printing), cancelled and deleted jobs give their units back.
    await db.update(printJobs).set({ status: 'printing', actualEnd: null, goodUnits: null, scrapUnits: null }).where(eq(printJobs.id, other.id))
    expect(await produced(a.id)).toBe(9)
    await db.delete(printJobs).where(eq(printJobs.orderId, a.id))
    expect(await produced(a.id)).toBe(0)
    expect(await mismatches()).toEqual([])
  })

  test('an existing shop gets its counts when the migration runs (the back-fill)', async () => {
    const { a, b, job } = await shop()
    await job(a.id, { status: 'done', units: 7 })
    await job(b.id, { status: 'failed', units: 2, extra: { goodUnits: 0, scrapUnits: 2 } })
    await job(b.id, { status: 'done', units: 3 })
    // As before the migration: nothing kept.
    await db.update(orders).set({ producedGood: 0 })
    const migration = fs.readFileSync('drizzle/0018_orders_produced_good.sql', 'utf8').split('--> statement-breakpoint')
    await db.execute(sql.raw(migration.find((s) => s.trim().startsWith('UPDATE "orders"'))!))
    expect([await produced(a.id), await produced(b.id)]).toEqual([7, 3])
    expect(await mismatches()).toEqual([])
  })
})
