/**
 * Scheduling model, "Plan" → preview → "Apply" (issue 6, "Re-plan"): what is stored, what is never touched, staleness,
 * priorities, late / unscheduled reporting, maintenance windows and material compatibility. Runs on PGlite and on
 * PostgreSQL (TEST_DATABASE_URL).
 */
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { orders, printers, products } from '~db/schema'
import { applyPlan, previewPlan, PREVIEW_MAX_AGE_MS } from '~/models/scheduling/plan.server'
import { scheduleWarnings } from '~/models/scheduling/schedule-views.server'
import {
  actor,
  at,
  auditRows,
  BASE,
  dayShift,
  HOUR,
  insertJob,
  jobRows,
  makeFilament,
  makeOrder,
  makePrinter,
  makeProduct,
  makeWindow,
  MINUTE,
  resetScheduling,
  snapshot,
} from '../support/scheduling-fixtures'

const planner = actor(null, 'planner')
const now = BASE

beforeEach(resetScheduling)

/** A one-printer PLA shop: printer (24 h, no changeover), PLA Black filament, product of 4 units / 60 min / 10 g. */
async function shop() {
  const printer = await makePrinter()
  const { filament, spoolIds } = await makeFilament()
  const product = await makeProduct(filament.id)
  return { printer, filament, spoolIds, product }
}

/** Preview at `when`, then apply that preview (asserting success). */
async function plan(when: Date = now) {
  const preview = await previewPlan(when)
  const applied = await applyPlan(planner, when, preview.fingerprint, when)
  expect(applied).toMatchObject({ ok: true })
  return { preview, applied: applied as Extract<typeof applied, { ok: true }> }
}

type Span = { id: string; printerId: string; status: string; startsAt: Date; endsAt: Date }
/** Pairs of live jobs (planned/printing) that overlap on one printer. */
function overlapping(rows: Span[]) {
  const live = rows.filter((r) => r.status === 'planned' || r.status === 'printing')
  const out: Array<[string, string]> = []
  for (const a of live) for (const b of live) if (a.id < b.id && a.printerId === b.printerId && a.startsAt < b.endsAt && b.startsAt < a.endsAt) out.push([a.id, b.id])
  return out
}
const spans = (rows: Array<{ startsAt: Date; endsAt: Date }>) => rows.map((r) => [r.startsAt.toISOString(), r.endsAt.toISOString()])
const iso = (h: number) => at(h).toISOString()

describe('preview and apply', () => {
  test('apply stores the previewed plates as planned jobs with the product figures copied, and one schedule.apply audit row', async () => {
    const { printer, filament, product } = await shop()
    const order = await makeOrder(product.id, { targetQuantity: 10 })

    const before = await snapshot()
    const preview = await previewPlan(now)
    expect(await snapshot()).toEqual(before) // a preview writes nothing
    expect(preview.fingerprint).toMatch(/^v1-[0-9a-f]{16}$/)
    expect(preview.result.jobs.map((j) => [j.start.toISOString(), j.end.toISOString(), j.units])).toEqual([
      [iso(0), iso(1), 4],
      [iso(1), iso(2), 4],
      [iso(2), iso(3), 2],
    ])
    expect(preview.diff.added).toHaveLength(3)
    expect(preview.orderRefs.get(order.id)?.reference).toBe(order.reference)

    const applied = await applyPlan(planner, now, preview.fingerprint, new Date(now.getTime() + 5 * MINUTE))
    expect(applied).toEqual({ ok: true, added: 3, moved: 0, removed: 0, unchanged: 0 })

    const rows = await jobRows(order.id)
    expect(spans(rows)).toEqual([
      [iso(0), iso(1)],
      [iso(1), iso(2)],
      [iso(2), iso(3)],
    ])
    expect(rows.map((r) => r.units)).toEqual([4, 4, 2])
    for (const r of rows) {
      expect(r).toMatchObject({
        orderId: order.id,
        productId: product.id,
        printerId: printer.id,
        status: 'planned',
        locked: false,
        source: 'auto',
        unitsPerPlate: 4,
        minutesPerPlate: 60,
        gramsPerUnit: '10.00',
        filamentId: filament.id,
        material: 'PLA',
        colour: 'Black',
        actualStart: null,
        goodUnits: null,
        version: 1,
      })
    }

    const audits = await auditRows()
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({
      action: 'schedule.apply',
      entityType: 'schedule',
      entityId: preview.fingerprint,
      username: 'planner',
      after: { added: 3, moved: 0, removed: 0, unchanged: 0, removedIds: [], movedIds: [], late: [], unscheduled: [] },
    })

    // The figures were copied: editing the product later does not change the stored jobs.
    await db.update(products).set({ gramsPerUnit: '12.50', printMinutesPerPlate: 90, unitsPerPlate: 6 }).where(eq(products.id, product.id))
    expect(await jobRows(order.id)).toEqual(rows)
  })

  test('re-previewing at the same instant shows no change, and applying it writes nothing (no new audit row)', async () => {
    const { product } = await shop()
    await makeOrder(product.id, { targetQuantity: 10 })
    const first = await plan()

    const before = await snapshot()
    const again = await previewPlan(now)
    expect(again.fingerprint).toBe(first.preview.fingerprint)
    expect(again.diff.added).toEqual([])
    expect(again.diff.moved).toEqual([])
    expect(again.diff.removed).toEqual([])
    expect(again.diff.unchanged).toHaveLength(3)
    expect(await applyPlan(planner, now, again.fingerprint, now)).toEqual({ ok: true, added: 0, moved: 0, removed: 0, unchanged: 3 })
    expect(await snapshot()).toEqual(before)
    expect(await auditRows('schedule.apply')).toHaveLength(1)
  })

  test('a fingerprint gone stale (an order changed after the preview) is refused and nothing is written', async () => {
    const { product } = await shop()
    const order = await makeOrder(product.id, { targetQuantity: 10 })
    const preview = await previewPlan(now)

    await db.update(orders).set({ targetQuantity: 14 }).where(eq(orders.id, order.id))
    const before = await snapshot()
    expect(await applyPlan(planner, now, preview.fingerprint, now)).toEqual({ ok: false, reason: 'stale' })
    expect(await snapshot()).toEqual(before)
    expect(await jobRows()).toEqual([])

    // A new order and a new maintenance window make a preview stale too.
    const fresh = await previewPlan(now)
    await makeOrder(product.id, { targetQuantity: 1 })
    expect(await applyPlan(planner, now, fresh.fingerprint, now)).toEqual({ ok: false, reason: 'stale' })
    const fresh2 = await previewPlan(now)
    const [p] = await db.select().from(printers)
    await makeWindow(p.id, at(0), at(2))
    expect(await applyPlan(planner, now, fresh2.fingerprint, now)).toEqual({ ok: false, reason: 'stale' })
    expect(await jobRows()).toEqual([])
    expect(await auditRows()).toEqual([])

    // Re-previewing gives a fingerprint that applies.
    const current = await previewPlan(now)
    expect(await applyPlan(planner, now, current.fingerprint, now)).toMatchObject({ ok: true, added: 5 })
  })

  test('a preview older than 15 minutes (or from the future) is expired and nothing is written', async () => {
    const { product } = await shop()
    await makeOrder(product.id, { targetQuantity: 4 })
    const preview = await previewPlan(now)
    const before = await snapshot()
    expect(await applyPlan(planner, now, preview.fingerprint, new Date(now.getTime() + PREVIEW_MAX_AGE_MS + 1000))).toEqual({ ok: false, reason: 'expired' })
    expect(await applyPlan(planner, now, preview.fingerprint, new Date(now.getTime() - 2 * MINUTE))).toEqual({ ok: false, reason: 'expired' })
    expect(await snapshot()).toEqual(before)
    // Exactly 15 minutes old is still accepted (and the plan is the one shown: computed at the preview's instant).
    expect(await applyPlan(planner, now, preview.fingerprint, new Date(now.getTime() + PREVIEW_MAX_AGE_MS))).toMatchObject({ ok: true, added: 1 })
    expect(spans(await jobRows())).toEqual([[iso(0), iso(1)]])
  })

  test('two planners applying the same preview at once: the plan is written once', async () => {
    const { product } = await shop()
    await makeOrder(product.id, { targetQuantity: 10 })
    const preview = await previewPlan(now)
    const results = await Promise.all([applyPlan(planner, now, preview.fingerprint, now), applyPlan(actor(null, 'planner2'), now, preview.fingerprint, now)])
    expect(results.map((r) => r.ok)).toEqual([true, true])
    expect(results.map((r) => (r.ok ? r.added : -1)).sort()).toEqual([0, 3])
    expect(await jobRows()).toHaveLength(3)
    expect(await auditRows('schedule.apply')).toHaveLength(1)
  })
})

describe('what a plan replaces', () => {
  test('printing, finished and locked jobs are never touched; an unlocked planned job that still fits keeps its slot; new jobs go around them', async () => {
    const { printer, product, filament } = await shop()
    const a = await makeOrder(product.id, { targetQuantity: 16, createdAt: at(-48) })
    const b = await makeOrder(product.id, { targetQuantity: 8, createdAt: at(-24) })
    const base = { orderId: a.id, product, printerId: printer.id, filament }
    const done = await insertJob({ ...base, status: 'done', startsAt: at(-3), endsAt: at(-2) })
    const failed = await insertJob({ ...base, status: 'failed', startsAt: at(-2), endsAt: at(-1), extra: { goodUnits: 0, scrapUnits: 4 } })
    const printing = await insertJob({ ...base, status: 'printing', startsAt: at(-0.5), endsAt: at(0.5) })
    const locked = await insertJob({ ...base, locked: true, startsAt: at(3), endsAt: at(4) })
    const cancelled = await insertJob({ ...base, status: 'cancelled', startsAt: at(0.5), endsAt: at(1.5) })
    const loose = await insertJob({ ...base, startsAt: at(10), endsAt: at(11) })
    const fixedIds = [done.id, failed.id, printing.id, locked.id, cancelled.id]
    const fixedBefore = (await jobRows()).filter((r) => fixedIds.includes(r.id))

    // a: 16 − 4 produced − 4 printing − 4 locked = 4 to plan: its loose planned job at 10–11 still fits, so it stays
    // (stable re-planning, issue 16). b: 8 = two plates from the first free hour, both before the locked job at 3–4.
    const { applied } = await plan()
    expect(applied).toEqual({ ok: true, added: 2, moved: 0, removed: 0, unchanged: 1 })

    const rows = await jobRows()
    expect(rows.filter((r) => fixedIds.includes(r.id))).toEqual(fixedBefore)
    const kept = rows.find((r) => r.id === loose.id)!
    expect(kept).toMatchObject({ status: 'planned', locked: false, version: 1, units: 4 })
    expect(spans([kept])).toEqual([[iso(10), iso(11)]])
    expect(spans(rows.filter((r) => r.orderId === b.id))).toEqual([
      [iso(0.5), iso(1.5)],
      [iso(1.5), iso(2.5)],
    ])
    expect(overlapping(rows)).toEqual([])
    expect((await auditRows('schedule.apply'))[0].after).toMatchObject({ movedIds: [], removedIds: [] })
  })

  test('planned jobs whose time passed without being started are re-planned from now; a print running late still holds its printer', async () => {
    const { printer, product, filament } = await shop()
    const a = await makeOrder(product.id, { targetQuantity: 8 })
    await plan()
    const [j1, j2] = await jobRows(a.id)
    // 90 minutes later nothing has started: both plates move to start from now.
    const later = at(1.5)
    const { applied } = await plan(later)
    expect(applied).toEqual({ ok: true, added: 0, moved: 2, removed: 0, unchanged: 0 })
    expect((await jobRows(a.id)).map((r) => [r.id, r.startsAt.toISOString()])).toEqual([
      [j1.id, iso(1.5)],
      [j2.id, iso(2.5)],
    ])

    // A print expected to end at 1:00 is still printing at 1:30: the printer is held until it is finished (the plan
    // starts a minute after now), and the running job itself is left alone.
    const b = await makeOrder(product.id, { targetQuantity: 4, priority: 3 })
    const running = await insertJob({ orderId: b.id, product, filament, printerId: printer.id, status: 'printing', startsAt: at(0), endsAt: at(1) })
    const preview = await previewPlan(later)
    expect(preview.result.jobs.map((j) => j.start.toISOString())).toEqual([new Date(later.getTime() + MINUTE).toISOString(), new Date(later.getTime() + MINUTE + HOUR).toISOString()])
    await applyPlan(planner, later, preview.fingerprint, later)
    expect((await jobRows(b.id))).toEqual([running])
  })

  test("lowering an order's target removes its surplus planned jobs; a more urgent order moves the rest (same rows, new times)", async () => {
    const { product } = await shop()
    const a = await makeOrder(product.id, { targetQuantity: 12 })
    await plan()
    const [first, second, third] = await jobRows(a.id)

    await db.update(orders).set({ targetQuantity: 4 }).where(eq(orders.id, a.id))
    const preview = await previewPlan(now)
    expect(preview.diff.removed.map((r) => r.id).sort()).toEqual([second.id, third.id].sort())
    expect(preview.diff.unchanged.map((u) => u.id)).toEqual([first.id])
    expect(await applyPlan(planner, now, preview.fingerprint, now)).toEqual({ ok: true, added: 0, moved: 0, removed: 2, unchanged: 1 })
    expect(await jobRows(a.id)).toEqual([first])
    expect((await auditRows('schedule.apply'))[1].after).toMatchObject({ removed: 2, removedIds: expect.arrayContaining([second.id, third.id]) })

    const urgent = await makeOrder(product.id, { targetQuantity: 8, priority: 3, createdAt: at(-1) })
    const { applied } = await plan()
    expect(applied).toEqual({ ok: true, added: 2, moved: 1, removed: 0, unchanged: 0 })
    expect(spans(await jobRows(urgent.id))).toEqual([
      [iso(0), iso(1)],
      [iso(1), iso(2)],
    ])
    const [movedA] = await jobRows(a.id)
    expect(movedA.id).toBe(first.id)
    expect(movedA.version).toBe(2)
    expect(spans([movedA])).toEqual([[iso(2), iso(3)]])
  })

  test('an order that is cancelled or covered by stock loses its unlocked planned jobs, but keeps locked ones', async () => {
    const { printer, product, filament } = await shop()
    const a = await makeOrder(product.id, { targetQuantity: 8 })
    const b = await makeOrder(product.id, { targetQuantity: 8 })
    await plan()
    const lockedA = await insertJob({ orderId: a.id, product, printerId: printer.id, filament, locked: true, startsAt: at(20), endsAt: at(21) })
    await db.update(orders).set({ cancelledAt: at(-1) }).where(eq(orders.id, a.id))
    await db.update(orders).set({ stockOnHand: 8 }).where(eq(orders.id, b.id))
    const { applied } = await plan()
    expect(applied).toMatchObject({ ok: true, added: 0, moved: 0, removed: 4 })
    expect(await jobRows()).toEqual([lockedA])
  })
})

describe('planning rules as stored', () => {
  test('orders are planned by priority, then due date (undated last), then age', async () => {
    const { product } = await shop()
    const later = await makeOrder(product.id, { targetQuantity: 4, dueDate: '2030-03-20', createdAt: at(-10) })
    const sooner = await makeOrder(product.id, { targetQuantity: 4, dueDate: '2030-03-10', createdAt: at(-5) })
    const urgent = await makeOrder(product.id, { targetQuantity: 4, priority: 3, createdAt: at(-1) })
    const undated = await makeOrder(product.id, { targetQuantity: 4, createdAt: at(-100) })
    const low = await makeOrder(product.id, { targetQuantity: 4, priority: 0, dueDate: '2030-03-05', createdAt: at(-200) })
    const older = await makeOrder(product.id, { targetQuantity: 4, dueDate: '2030-03-20', createdAt: at(-20) })
    await plan()
    const startOf = async (id: string) => (await jobRows(id))[0].startsAt.toISOString()
    expect([await startOf(urgent.id), await startOf(sooner.id), await startOf(older.id), await startOf(later.id), await startOf(undated.id), await startOf(low.id)]).toEqual([
      iso(0),
      iso(1),
      iso(2),
      iso(3),
      iso(4),
      iso(5),
    ])
  })

  test('late orders (with lateness) and units that cannot be planned are reported by the preview and in the audit row', async () => {
    const { product } = await shop()
    // Due 2030-03-04 = by 2030-03-05 00:00 shop time = 2030-03-04 15:00 UTC; 20 plates on one printer end at 20:00 UTC.
    const late = await makeOrder(product.id, { targetQuantity: 80, dueDate: '2030-03-04', createdAt: at(-10) })
    const onTime = await makeOrder(product.id, { targetQuantity: 4, dueDate: '2030-03-08', createdAt: at(-5) })
    // No printer prints TPU.
    const { filament: tpu } = await makeFilament('TPU', 'White')
    const tpuProduct = await makeProduct(tpu.id)
    const noPrinter = await makeOrder(tpuProduct.id, { targetQuantity: 6 })
    // PETG only on a 09–21 printer: a 13 h plate never fits a 12 h window.
    await makePrinter({ materials: ['PETG'], calendar: dayShift() })
    const { filament: petg } = await makeFilament('PETG', 'Blue')
    const longProduct = await makeProduct(petg.id, { printMinutesPerPlate: 13 * 60, unitsPerPlate: 1 })
    const tooLong = await makeOrder(longProduct.id, { targetQuantity: 2 })
    // ASA only on a 09–21 printer with 11 h plates: one plate a day, 90 plates in the 90-day horizon.
    await makePrinter({ materials: ['ASA'], calendar: dayShift() })
    const { filament: asa } = await makeFilament('ASA', 'Grey')
    const asaProduct = await makeProduct(asa.id, { printMinutesPerPlate: 11 * 60, unitsPerPlate: 1 })
    const overflow = await makeOrder(asaProduct.id, { targetQuantity: 100 })

    const preview = await previewPlan(now)
    expect(preview.result.late).toEqual([
      { orderId: late.id, projectedFinish: at(20), dueDate: at(15), latenessMs: 5 * HOUR, fullyScheduled: true },
    ])
    expect(preview.result.orders.find((o) => o.orderId === onTime.id)).toMatchObject({ plannedUnits: 4, unscheduledUnits: 0, projectedFinish: at(21) })
    expect(preview.result.unscheduled).toEqual(
      expect.arrayContaining([
        { orderId: noPrinter.id, units: 6, reason: 'no_compatible_printer' },
        { orderId: tooLong.id, units: 2, reason: 'plate_longer_than_any_window' },
        { orderId: overflow.id, units: 10, reason: 'horizon_full' },
      ]),
    )
    expect(preview.result.unscheduled).toHaveLength(3)
    expect(preview.result.orders.find((o) => o.orderId === overflow.id)).toMatchObject({ plannedUnits: 90, unscheduledUnits: 10 })

    await applyPlan(planner, now, preview.fingerprint, now)
    expect(await jobRows(noPrinter.id)).toEqual([])
    expect(await jobRows(tooLong.id)).toEqual([])
    expect(await jobRows(overflow.id)).toHaveLength(90)
    const [row] = await auditRows('schedule.apply')
    expect(row.after).toMatchObject({
      late: [{ orderId: late.id, latenessMs: 5 * HOUR }],
      unscheduled: expect.arrayContaining([{ orderId: noPrinter.id, units: 6, reason: 'no_compatible_printer' }]),
    })
  })

  test('a printer gets no job inside a maintenance window, and a window added later moves the planned jobs out of it', async () => {
    const { printer, product } = await shop()
    const down = await makePrinter({ status: 'maintenance' })
    await makeWindow(printer.id, at(1), at(3))
    const order = await makeOrder(product.id, { targetQuantity: 16 })
    await plan()
    expect(spans(await jobRows(order.id))).toEqual([
      [iso(0), iso(1)],
      [iso(3), iso(4)],
      [iso(4), iso(5)],
      [iso(5), iso(6)],
    ])
    expect((await jobRows()).filter((r) => r.printerId === down.id)).toEqual([])

    const late = await makeWindow(printer.id, at(4), at(4.5), 'belt')
    const hit = (await jobRows(order.id))[2]
    expect(await scheduleWarnings(at(0), at(24))).toMatchObject({ overlaps: [], overMaintenance: [hit.id] })
    const { applied } = await plan()
    expect(applied).toMatchObject({ ok: true, added: 0, removed: 0, moved: 2, unchanged: 2 })
    const rows = await jobRows(order.id)
    expect(spans(rows)).toEqual([
      [iso(0), iso(1)],
      [iso(3), iso(4)],
      [iso(4.5), iso(5.5)],
      [iso(5.5), iso(6.5)],
    ])
    for (const r of rows) {
      for (const w of [
        { startsAt: at(1), endsAt: at(3) },
        { startsAt: late.startsAt, endsAt: late.endsAt },
      ]) {
        expect(r.startsAt < w.endsAt && w.startsAt < r.endsAt).toBe(false)
      }
    }
    expect(await scheduleWarnings(at(0), at(24))).toEqual({ overlaps: [], overMaintenance: [] })
  })

  test('plates only go on printers that can print the material (empty list = any material, case-insensitive)', async () => {
    const plaOnly = await makePrinter({ materials: ['PLA'] })
    const petgOnly = await makePrinter({ materials: ['petg'] })
    const any = await makePrinter({ materials: [] })
    const { filament: petg } = await makeFilament('PETG', 'Blue')
    const { filament: pla } = await makeFilament('PLA', 'Black')
    const petgProduct = await makeProduct(petg.id)
    const plaProduct = await makeProduct(pla.id)
    const petgOrder = await makeOrder(petgProduct.id, { targetQuantity: 16, priority: 3 })
    const plaOrder = await makeOrder(plaProduct.id, { targetQuantity: 4 })
    await plan()
    const petgRows = await jobRows(petgOrder.id)
    expect(petgRows).toHaveLength(4)
    expect(new Set(petgRows.map((r) => r.printerId))).toEqual(new Set([petgOnly.id, any.id]))
    expect(petgRows.every((r) => r.material === 'PETG' && r.colour === 'Blue')).toBe(true)
    // The PLA plate takes the PLA-only printer, which is free from the start.
    expect((await jobRows(plaOrder.id)).map((r) => [r.printerId, r.startsAt.toISOString()])).toEqual([[plaOnly.id, iso(0)]])
    expect(overlapping(await jobRows())).toEqual([])
  })
})
