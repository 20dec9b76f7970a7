/**
 * Scheduling model, single jobs (issue 6, "Manual jobs", "Start / record actual output" and "Bad input"): the database's
 * exclusion constraint, hand-placed jobs (create / move / lock / cancel) and starting / finishing with bad input. Every
 * refusal is checked to change nothing. Runs on PGlite and on PostgreSQL (TEST_DATABASE_URL).
 */
import { eq, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { orders, printJobs, spools } from '~db/schema'
import { cancelJob, createManualJob, moveJob, setJobLocked, startJob, type SlotInput } from '~/models/scheduling/job-edits.server'
import { finishJob } from '~/models/scheduling/job-output.server'
import { getJob } from '~/models/scheduling/job-queries.server'
import { previewPlan } from '~/models/scheduling/plan.server'
import { type JobResult } from '~/models/scheduling/job-guard.server'
import {
  actor,
  at,
  auditRows,
  dayShift,
  dbMessage,
  finishWith,
  insertJob,
  jobRow,
  jobRows,
  makeFilament,
  makeOrder,
  makePrinter,
  makeProduct,
  makeWindow,
  printHours,
  resetScheduling,
  snapshot,
  spoolState,
  sqlState,
  startAt,
} from '../support/scheduling-fixtures'

const planner = actor(null, 'planner')
const operator = actor(null, 'operator')
const UNKNOWN = '00000000-0000-4000-8000-000000000000'

beforeEach(resetScheduling)

/** Printer P (24 h, PLA, no changeover), PLA Black filament (one 1000 g spool), product 4 units / 60 min / 10 g, orders A and B. */
async function shop() {
  const p = await makePrinter()
  const { filament, spoolIds } = await makeFilament()
  const product = await makeProduct(filament.id)
  const a = await makeOrder(product.id, { reference: 'PO-A' })
  const b = await makeOrder(product.id, { reference: 'PO-B' })
  return { p, filament, spoolIds, product, a, b }
}

function ok<T>(r: JobResult<T>): T {
  expect(r).toMatchObject({ ok: true })
  return (r as Extract<JobResult<T>, { ok: true }>).job
}

const slot = (printerId: string, start: Date, o: Partial<SlotInput> = {}): SlotInput => ({ printerId, start, units: 4, locked: true, ...o })

/** A job row through raw SQL (bypassing the model), dates as ISO text. */
function rawInsert(o: { orderId: string; productId: string; printerId: string; start: Date; end: Date; status?: string }) {
  return db.execute(sql`
    insert into print_jobs (order_id, product_id, printer_id, status, starts_at, ends_at, units, units_per_plate, minutes_per_plate, grams_per_unit)
    values (${o.orderId}, ${o.productId}, ${o.printerId}, ${o.status ?? 'planned'}, ${o.start.toISOString()}::timestamptz, ${o.end.toISOString()}::timestamptz, 4, 4, 60, '10.00')`)
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected the database to refuse the statement')
}

async function expectExclusionViolation(p: Promise<unknown>) {
  const e = await rejection(p)
  expect(sqlState(e)).toBe('23P01')
  expect(dbMessage(e)).toContain('print_jobs_no_overlap')
}

describe('the database refuses two overlapping live jobs on one printer', () => {
  test('a raw INSERT of a planned job overlapping a planned or printing job on the same printer fails with 23P01', async () => {
    const { p, product, a, b } = await shop()
    const base = { orderId: a.id, productId: product.id, printerId: p.id }
    await rawInsert({ ...base, start: at(1), end: at(2) })
    await rawInsert({ ...base, status: 'printing', start: at(5), end: at(6) })
    await expectExclusionViolation(rawInsert({ ...base, orderId: b.id, start: at(1.5), end: at(2.5) }))
    await expectExclusionViolation(rawInsert({ ...base, start: at(0), end: at(3) })) // contains it
    await expectExclusionViolation(rawInsert({ ...base, start: at(1.25), end: at(1.75) })) // inside it
    await expectExclusionViolation(rawInsert({ ...base, start: at(5.5), end: at(7) })) // over the printing job
    await expectExclusionViolation(rawInsert({ ...base, status: 'printing', start: at(1.5), end: at(2) }))
    expect(await jobRows()).toHaveLength(2)
  })

  test('touching jobs, cancelled / done / failed jobs and jobs on different printers may overlap', async () => {
    const { p, product, a } = await shop()
    const q = await makePrinter()
    const base = { orderId: a.id, productId: product.id, printerId: p.id }
    await rawInsert({ ...base, start: at(1), end: at(2) })
    await rawInsert({ ...base, start: at(2), end: at(3) }) // [1,2) and [2,3) only touch
    await rawInsert({ ...base, status: 'cancelled', start: at(1.5), end: at(2.5) })
    await rawInsert({ ...base, status: 'done', start: at(1.5), end: at(2.5) })
    await rawInsert({ ...base, status: 'failed', start: at(1), end: at(3) })
    await rawInsert({ ...base, printerId: q.id, start: at(1.5), end: at(2.5) })
    expect(await jobRows()).toHaveLength(6)
    // …but a cancelled job cannot come back to life over a live one.
    const [cancelled] = (await jobRows()).filter((r) => r.status === 'cancelled')
    await expectExclusionViolation(db.update(printJobs).set({ status: 'planned' }).where(eq(printJobs.id, cancelled.id)))
    expect((await jobRow(cancelled.id)).status).toBe('cancelled')
  })

  test('two overlapping inserts at the same time: exactly one is stored', async () => {
    const { p, product, a, b } = await shop()
    const results = await Promise.allSettled([
      rawInsert({ orderId: a.id, productId: product.id, printerId: p.id, start: at(1), end: at(2) }),
      rawInsert({ orderId: b.id, productId: product.id, printerId: p.id, start: at(1.5), end: at(2.5) }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    // PostgreSQL refuses the loser with exclusion_violation or, when each insert waited for the other, with
    // deadlock_detected (the app runs such a transaction again: see the two-planners test below).
    expect(['23P01', '40P01']).toContain(sqlState(failed.reason))
    expect(await jobRows()).toHaveLength(1)
  })
})

describe('manual jobs', () => {
  test('a hand-placed job is stored locked, from the given start for one plate time, with the product figures and a job.create audit row', async () => {
    const { p, filament, product, a } = await shop()
    const job = ok(await createManualJob(planner, a.id, slot(p.id, at(2))))
    expect(job).toMatchObject({ orderId: a.id, orderReference: 'PO-A', printerId: p.id, status: 'planned', locked: true, source: 'manual', startsAt: at(2), endsAt: at(3), units: 4, version: 1 })
    expect(await jobRow(job.id)).toMatchObject({ productId: product.id, unitsPerPlate: 4, minutesPerPlate: 60, gramsPerUnit: '10.00', filamentId: filament.id, material: 'PLA', colour: 'Black' })
    const [row] = await auditRows('job.create')
    expect(row).toMatchObject({ entityType: 'print_job', entityId: job.id, username: 'planner', after: { orderId: a.id, printerId: p.id, units: 4, locked: true, start: at(2).toISOString(), end: at(3).toISOString() } })

    // An explicit end and an unlocked, partial plate.
    const loose = ok(await createManualJob(planner, a.id, slot(p.id, at(4), { end: at(4.5), units: 2, locked: false })))
    expect(loose).toMatchObject({ startsAt: at(4), endsAt: at(4.5), units: 2, locked: false })
  })

  test('an overlap is refused naming the conflicting job and its order, with the next free slot; nothing changes', async () => {
    const { p, a, b } = await shop()
    const existing = ok(await createManualJob(planner, a.id, slot(p.id, at(2))))
    const before = await snapshot()
    const conflict = { code: 'overlap', job: { id: existing.id, orderReference: 'PO-A', startsAt: at(2), endsAt: at(3) }, nextFree: at(3) }
    expect(await createManualJob(planner, b.id, slot(p.id, at(2.5)))).toEqual({ ok: false, problem: conflict })
    expect(await createManualJob(planner, b.id, slot(p.id, at(1.5)))).toEqual({ ok: false, problem: conflict }) // 30 min before is too short
    expect(await createManualJob(planner, b.id, slot(p.id, at(2)))).toEqual({ ok: false, problem: conflict })
    expect(await snapshot()).toEqual(before)
    // Right before or right after is fine.
    ok(await createManualJob(planner, b.id, slot(p.id, at(1))))
    ok(await createManualJob(planner, b.id, slot(p.id, at(3))))
  })

  test("the printer's changeover time counts as part of the overlap", async () => {
    const { a, b } = await shop()
    const r = await makePrinter({ changeoverMinutes: 15 })
    const existing = ok(await createManualJob(planner, a.id, slot(r.id, at(2))))
    const before = await snapshot()
    const tooClose = { code: 'overlap', job: { id: existing.id, orderReference: 'PO-A', startsAt: at(2), endsAt: at(3) }, nextFree: at(3.25) }
    expect(await createManualJob(planner, b.id, slot(r.id, at(3)))).toEqual({ ok: false, problem: tooClose })
    expect(await createManualJob(planner, b.id, slot(r.id, at(1)))).toEqual({ ok: false, problem: tooClose })
    expect(await snapshot()).toEqual(before)
    ok(await createManualJob(planner, b.id, slot(r.id, at(3.25))))
    ok(await createManualJob(planner, b.id, slot(r.id, at(0.75))))
  })

  test('a slot inside a maintenance window is refused with the window and the next free slot', async () => {
    const { p, a } = await shop()
    await makeWindow(p.id, at(5), at(7), 'nozzle swap')
    const before = await snapshot()
    const refusal = { code: 'maintenance', window: { start: at(5), end: at(7), reason: 'nozzle swap' }, nextFree: at(7) }
    expect(await createManualJob(planner, a.id, slot(p.id, at(6)))).toEqual({ ok: false, problem: refusal })
    expect(await createManualJob(planner, a.id, slot(p.id, at(4.5)))).toEqual({ ok: false, problem: refusal }) // runs into it
    expect(await snapshot()).toEqual(before)
    ok(await createManualJob(planner, a.id, slot(p.id, at(4))))
  })

  test('a slot outside the working calendar (09–21 shift, start 22:00) is refused with the next free slot (09:00 next day)', async () => {
    const { a } = await shop()
    const shift = await makePrinter({ calendar: dayShift() })
    const before = await snapshot()
    // 22:00 shop time = 13:00 UTC; next working start is 09:00 shop time the next day = BASE + 24 h.
    expect(await createManualJob(planner, a.id, slot(shift.id, at(13)))).toEqual({ ok: false, problem: { code: 'outside_calendar', nextFree: at(24) } })
    // 20:30–21:30 runs past the end of the shift.
    expect(await createManualJob(planner, a.id, slot(shift.id, at(11.5)))).toEqual({ ok: false, problem: { code: 'outside_calendar', nextFree: at(24) } })
    expect(await snapshot()).toEqual(before)
    ok(await createManualJob(planner, a.id, slot(shift.id, at(11))))
  })

  test('bad input is refused with a clear code and changes nothing', async () => {
    const { p, a, product } = await shop()
    const petgOnly = await makePrinter({ materials: ['PETG'] })
    const down = await makePrinter({ status: 'maintenance' })
    const cancelled = await makeOrder(product.id, { cancelledAt: at(-1) })
    const before = await snapshot()
    const refused = async (orderId: string, s: SlotInput) => {
      const r = await createManualJob(planner, orderId, s)
      expect(r.ok).toBe(false)
      return (r as Extract<typeof r, { ok: false }>).problem
    }
    expect(await refused(a.id, slot(p.id, at(2), { units: 0 }))).toEqual({ code: 'units_range', max: 4 })
    expect(await refused(a.id, slot(p.id, at(2), { units: 5 }))).toEqual({ code: 'units_range', max: 4 })
    expect(await refused(a.id, slot(p.id, at(2), { units: 1.5 }))).toEqual({ code: 'units_range', max: 4 })
    expect(await refused(a.id, slot(p.id, at(2), { end: at(1) }))).toEqual({ code: 'end_before_start' })
    expect(await refused(a.id, slot(p.id, at(2), { end: at(2) }))).toEqual({ code: 'end_before_start' })
    expect(await refused(a.id, slot(UNKNOWN, at(2)))).toEqual({ code: 'unknown_printer' })
    expect(await refused(a.id, slot('not-a-printer', at(2)))).toEqual({ code: 'unknown_printer' })
    expect(await refused(UNKNOWN, slot(p.id, at(2)))).toEqual({ code: 'unknown_order' })
    expect(await refused('not-an-order', slot(p.id, at(2)))).toEqual({ code: 'unknown_order' })
    expect(await refused(cancelled.id, slot(p.id, at(2)))).toEqual({ code: 'order_closed' })
    expect(await refused(a.id, slot(petgOnly.id, at(2)))).toEqual({ code: 'incompatible_material', material: 'PLA' })
    expect(await refused(a.id, slot(down.id, at(2)))).toEqual({ code: 'printer_inactive' })
    expect(await snapshot()).toEqual(before)
  })

  test('two planners placing overlapping jobs at once: one is stored, the other is told of the overlap', async () => {
    const { p, a, b } = await shop()
    const results = await Promise.all([createManualJob(planner, a.id, slot(p.id, at(2))), createManualJob(planner, b.id, slot(p.id, at(2.5)))])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, problem: { code: 'overlap' } })
    expect(await jobRows()).toHaveLength(1)
    expect(await auditRows('job.create')).toHaveLength(1)
  })

  test('moving a job keeps its length, locks it and is audited; a clash, a stale version or a started job is refused without change', async () => {
    const { p, a, b } = await shop()
    const q = await makePrinter()
    const petgOnly = await makePrinter({ materials: ['PETG'] })
    const blocker = ok(await createManualJob(planner, a.id, slot(p.id, at(2))))
    const job = ok(await createManualJob(planner, b.id, slot(p.id, at(4), { end: at(5.5), locked: false })))

    const moved = ok(await moveJob(planner, job.id, job.version, { printerId: q.id, start: at(2) }))
    expect(moved).toMatchObject({ printerId: q.id, startsAt: at(2), endsAt: at(3.5), locked: true, version: job.version + 1 })
    expect((await auditRows('job.move'))[0]).toMatchObject({
      entityId: job.id,
      before: { printerId: p.id, startsAt: at(4).toISOString(), endsAt: at(5.5).toISOString(), locked: false },
      after: { printerId: q.id, startsAt: at(2).toISOString(), endsAt: at(3.5).toISOString(), locked: true },
    })
    // A job may move over its own old slot.
    const nudged = ok(await moveJob(planner, job.id, moved.version, { printerId: q.id, start: at(2.5) }))
    expect(nudged).toMatchObject({ startsAt: at(2.5), endsAt: at(4) })

    const before = await snapshot()
    expect(await moveJob(planner, job.id, nudged.version, { printerId: p.id, start: at(1) })).toEqual({
      ok: false,
      problem: { code: 'overlap', job: { id: blocker.id, orderReference: 'PO-A', startsAt: at(2), endsAt: at(3) }, nextFree: at(3) },
    })
    expect(await moveJob(planner, job.id, nudged.version, { printerId: petgOnly.id, start: at(1) })).toEqual({ ok: false, problem: { code: 'incompatible_material', material: 'PLA' } })
    expect(await moveJob(planner, job.id, job.version, { printerId: q.id, start: at(8) })).toMatchObject({
      ok: false,
      problem: { code: 'conflict', current: { id: job.id, version: nudged.version, startsAt: at(2.5) } },
    })
    expect(await moveJob(planner, UNKNOWN, 1, { printerId: q.id, start: at(8) })).toEqual({ ok: false, problem: { code: 'not_found' } })
    expect(await snapshot()).toEqual(before)

    await startAt(blocker.id, at(2))
    const printing = (await getJob(blocker.id))!
    const beforeStarted = await snapshot()
    expect(await moveJob(planner, blocker.id, printing.version, { printerId: q.id, start: at(8) })).toEqual({ ok: false, problem: { code: 'not_planned' } })
    expect(await snapshot()).toEqual(beforeStarted)
  })

  test('a new end resizes a job (the board’s resize and the Move form’s end): checked as a slot, audited; before its start or into another job it is refused', async () => {
    const { p, a, b } = await shop()
    const blocker = ok(await createManualJob(planner, a.id, slot(p.id, at(6))))
    const job = ok(await createManualJob(planner, b.id, slot(p.id, at(2), { end: at(3), locked: false })))
    const longer = ok(await moveJob(planner, job.id, job.version, { printerId: p.id, start: at(2), end: at(4.5) }))
    expect(longer).toMatchObject({ startsAt: at(2), endsAt: at(4.5), locked: true })
    expect((await auditRows('job.move'))[0]).toMatchObject({ before: { endsAt: at(3).toISOString() }, after: { startsAt: at(2).toISOString(), endsAt: at(4.5).toISOString() } })
    const before = await snapshot()
    expect(await moveJob(planner, job.id, longer.version, { printerId: p.id, start: at(2), end: at(1.5) })).toEqual({ ok: false, problem: { code: 'end_before_start' } })
    expect(await moveJob(planner, job.id, longer.version, { printerId: p.id, start: at(2), end: at(6.5) })).toMatchObject({ ok: false, problem: { code: 'overlap', job: { id: blocker.id } } })
    expect(await snapshot()).toEqual(before)
  })

  test('lock / unlock and cancel are audited; stale versions are refused; a cancelled slot is free again', async () => {
    const { p, a, b } = await shop()
    const job = ok(await createManualJob(planner, a.id, slot(p.id, at(2))))
    const unlocked = ok(await setJobLocked(planner, job.id, job.version, false))
    expect(unlocked).toMatchObject({ locked: false, version: job.version + 1 })
    const relocked = ok(await setJobLocked(planner, job.id, unlocked.version, true))
    expect(relocked.locked).toBe(true)
    expect((await auditRows()).map((r) => [r.action, r.before, r.after])).toEqual([
      ['job.create', null, expect.anything()],
      ['job.unlock', { locked: true }, { locked: false }],
      ['job.lock', { locked: false }, { locked: true }],
    ])

    const before = await snapshot()
    expect(await setJobLocked(planner, job.id, job.version, false)).toMatchObject({ ok: false, problem: { code: 'conflict', current: { version: relocked.version } } })
    expect(await cancelJob(planner, job.id, unlocked.version)).toMatchObject({ ok: false, problem: { code: 'conflict' } })
    expect(await cancelJob(planner, UNKNOWN, 1)).toEqual({ ok: false, problem: { code: 'not_found' } })
    expect(await snapshot()).toEqual(before)

    const cancelled = ok(await cancelJob(planner, job.id, relocked.version))
    expect(cancelled).toMatchObject({ status: 'cancelled', locked: false })
    expect((await auditRows('job.cancel'))[0]).toMatchObject({ entityId: job.id, before: { status: 'planned' }, after: { status: 'cancelled' } })
    expect(await cancelJob(planner, job.id, cancelled.version)).toEqual({ ok: false, problem: { code: 'not_planned' } })
    expect(await setJobLocked(planner, job.id, cancelled.version, true)).toEqual({ ok: false, problem: { code: 'not_planned' } })
    ok(await createManualJob(planner, b.id, slot(p.id, at(2))))
  })
})

describe('starting a job', () => {
  test('starting moves the slot to now (whole seconds) for the same length, records who, and is audited', async () => {
    const { p, a } = await shop()
    const job = ok(await createManualJob(planner, a.id, slot(p.id, at(2), { end: at(3.5) })))
    const started = ok(await startJob(operator, job.id, job.version, new Date(at(1).getTime() + 1_700)))
    const t = new Date(at(1).getTime() + 1_000)
    expect(started).toMatchObject({ status: 'printing', actualStart: t, startsAt: t, endsAt: new Date(t.getTime() + 1.5 * 3_600_000), version: job.version + 1 })
    expect((await auditRows('job.start'))[0]).toMatchObject({ entityId: job.id, username: 'operator', after: { status: 'printing', releasedJobIds: [] } })
    expect(await startJob(operator, job.id, started.version, at(1))).toEqual({ ok: false, problem: { code: 'not_planned' } })
    expect(await startJob(operator, UNKNOWN, 1, at(1))).toEqual({ ok: false, problem: { code: 'not_found' } })
  })

  test('starting while another job prints on the printer is refused (printer_busy); nothing changes', async () => {
    const { p, a, b } = await shop()
    const q = await makePrinter()
    const first = ok(await createManualJob(planner, a.id, slot(p.id, at(0))))
    const second = ok(await createManualJob(planner, b.id, slot(p.id, at(3))))
    const elsewhere = ok(await createManualJob(planner, b.id, slot(q.id, at(3))))
    await startAt(first.id, at(0))
    const before = await snapshot()
    expect(await startJob(operator, second.id, second.version, at(3))).toEqual({ ok: false, problem: { code: 'printer_busy', job: { id: first.id, orderReference: 'PO-A' } } })
    expect(await snapshot()).toEqual(before)
    ok(await startJob(operator, elsewhere.id, elsewhere.version, at(3))) // another printer is free
  })

  test('starting early releases the unlocked planned jobs it now overlaps (reported), whose units the next plan covers again', async () => {
    const { p, product, filament, a, b } = await shop()
    const loose = await insertJob({ orderId: a.id, product, filament, printerId: p.id, startsAt: at(1), endsAt: at(2) })
    const untouched = await insertJob({ orderId: a.id, product, filament, printerId: p.id, startsAt: at(5), endsAt: at(6) })
    const job = await insertJob({ orderId: b.id, product, filament, printerId: p.id, startsAt: at(3), endsAt: at(4) })
    const r = await startJob(operator, job.id, job.version, at(0.5))
    expect(r).toMatchObject({ ok: true, notice: { released: 1 }, job: { status: 'printing', startsAt: at(0.5), endsAt: at(1.5) } })
    expect((await jobRows()).map((x) => x.id).sort()).toEqual([job.id, untouched.id].sort())
    expect((await auditRows('job.start'))[0].after).toMatchObject({ releasedJobIds: [loose.id] })
    // Order A lost a plate: the next plan puts its 4 units back (after the running print).
    const preview = await previewPlan(at(0.5))
    expect(preview.result.orders.find((o) => o.orderId === a.id)).toMatchObject({ plannedUnits: 8 })
    expect(preview.diff.added.filter((j) => j.orderId === a.id).map((j) => j.units)).toEqual([4])
    // The untouched job at 5–6 still fits, so it keeps its slot (stable re-planning, issue 16): only A's lost plate is new.
    expect(preview.diff.moved).toEqual([])
    expect(preview.diff.unchanged.map((u) => u.id)).toContain(untouched.id)
  })

  test('starting early is blocked by a locked job it would overlap; nothing changes', async () => {
    const { p, a, b } = await shop()
    const locked = ok(await createManualJob(planner, a.id, slot(p.id, at(1))))
    const job = ok(await createManualJob(planner, b.id, slot(p.id, at(3))))
    const before = await snapshot()
    expect(await startJob(operator, job.id, job.version, at(0.5))).toEqual({ ok: false, problem: { code: 'blocked_by_locked', job: { id: locked.id, orderReference: 'PO-A' } } })
    expect(await startJob(operator, job.id, job.version - 1, at(3))).toMatchObject({ ok: false, problem: { code: 'conflict' } })
    expect(await snapshot()).toEqual(before)
  })

  test('two operators starting the same job at once: one starts it, the other is told', async () => {
    const { p, a } = await shop()
    const job = ok(await createManualJob(planner, a.id, slot(p.id, at(1))))
    const results = await Promise.all([startJob(operator, job.id, job.version, at(1)), startJob(actor(null, 'op-2'), job.id, job.version, at(1))])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toMatchObject({ problem: { code: 'conflict' } })
    expect(await auditRows('job.start')).toHaveLength(1)
  })
})

describe('finishing with bad input', () => {
  /** Order A (target 5): a hand-placed 1-unit plate M (printing) and the plan's 4-unit plate after it. */
  async function printingShop(spoolGrams = ['100.0']) {
    const p = await makePrinter()
    const { filament, spoolIds } = await makeFilament('PLA', 'Black', spoolGrams)
    const product = await makeProduct(filament.id)
    const a = await makeOrder(product.id, { targetQuantity: 5 })
    const m = ok(await createManualJob(planner, a.id, slot(p.id, at(0), { units: 1 })))
    const later = await insertJob({ orderId: a.id, product, filament, printerId: p.id, startsAt: at(1), endsAt: at(2) })
    const printing = await startAt(m.id, at(0))
    return { p, spoolIds, a, m: printing, later }
  }

  test('finishing a job that has not started is refused (not_printing)', async () => {
    const { later } = await printingShop()
    const before = await snapshot()
    expect(await finishJob(operator, later.id, later.version, finishWith(), at(2))).toEqual({ ok: false, problem: { code: 'not_printing' } })
    expect(await finishJob(operator, UNKNOWN, 1, finishWith(), at(2))).toEqual({ ok: false, problem: { code: 'not_found' } })
    expect(await snapshot()).toEqual(before)
  })

  test('good + scrap above the plate, negative units, bad grams and unknown spools are refused; nothing changes', async () => {
    const { m, spoolIds } = await printingShop(['100.0', '50.0'])
    await db.update(spools).set({ status: 'archived' }).where(eq(spools.id, spoolIds[1]))
    const before = await snapshot()
    const finish = (o: Parameters<typeof finishWith>[0]) => finishJob(operator, m.id, m.version, finishWith(o), at(1))
    expect(await finish({ goodUnits: 3, scrapUnits: 2 })).toEqual({ ok: false, problem: { code: 'output_above_plate', max: 4 } })
    expect(await finish({ goodUnits: 5, scrapUnits: 0 })).toEqual({ ok: false, problem: { code: 'output_above_plate', max: 4 } })
    expect(await finish({ goodUnits: -1, scrapUnits: 0 })).toEqual({ ok: false, problem: { code: 'output_above_plate', max: 4 } })
    expect(await finish({ goodUnits: 1, scrapUnits: 0.5 })).toEqual({ ok: false, problem: { code: 'output_above_plate', max: 4 } })
    expect(await finish({ grams: '-1' })).toEqual({ ok: false, problem: { code: 'invalid_grams' } })
    expect(await finish({ grams: '-0.5' })).toEqual({ ok: false, problem: { code: 'invalid_grams' } })
    expect(await finish({ grams: '10.25' })).toEqual({ ok: false, problem: { code: 'invalid_grams' } })
    expect(await finish({ grams: 'ten' })).toEqual({ ok: false, problem: { code: 'invalid_grams' } })
    expect(await finish({ spoolId: 'spool-1' })).toEqual({ ok: false, problem: { code: 'unknown_spool' } })
    expect(await finish({ spoolId: UNKNOWN, grams: '5.0' })).toEqual({ ok: false, problem: { code: 'unknown_spool' } })
    expect(await finish({ spoolId: UNKNOWN, grams: '0' })).toEqual({ ok: false, problem: { code: 'unknown_spool' } })
    expect(await finish({ spoolId: spoolIds[1], grams: '5.0' })).toEqual({ ok: false, problem: { code: 'unknown_spool' } }) // archived
    expect(await snapshot()).toEqual(before)
  })

  test('more grams than the spools hold is refused (not_enough_filament) and NOTHING changes: job still printing, spools, plan and printer as before', async () => {
    const { p, spoolIds, m, later } = await printingShop(['60.0', '40.0'])
    const before = await snapshot()
    // 4 good units would also have shrunk the later plate: that is rolled back too.
    expect(await finishJob(operator, m.id, m.version, finishWith({ goodUnits: 4, grams: '150.0' }), at(1))).toEqual({
      ok: false,
      problem: { code: 'not_enough_filament', shortMg: 50_000 },
    })
    expect(await finishJob(operator, m.id, m.version, finishWith({ goodUnits: 4, grams: '45.0', spoolId: spoolIds[1] }), at(1))).toEqual({
      ok: false,
      problem: { code: 'not_enough_filament', shortMg: 5_000 },
    })
    expect(await snapshot()).toEqual(before)
    expect(await jobRow(m.id)).toMatchObject({ status: 'printing', goodUnits: null, gramsUsed: null, actualEnd: null })
    expect(await jobRow(later.id)).toEqual(later)
    expect(await spoolState(spoolIds[0])).toEqual({ remaining: '60.0', status: 'active' })
    expect(await printHours(p.id)).toBe('0.0')
    expect(await auditRows('job.finish')).toEqual([])

    // With enough filament the same finish goes through.
    expect(await finishJob(operator, m.id, m.version, finishWith({ goodUnits: 4, grams: '100.0' }), at(1))).toMatchObject({ ok: true, notice: { shrunk: 1 } })
    expect(await spoolState(spoolIds[0])).toEqual({ remaining: '0.0', status: 'empty' })
    expect(await spoolState(spoolIds[1])).toEqual({ remaining: '0.0', status: 'empty' })
  })
})

test('cancelled orders cannot get jobs, and their stored rows stay readable', async () => {
  const { p, a } = await shop()
  const job = ok(await createManualJob(planner, a.id, slot(p.id, at(2))))
  await db.update(orders).set({ cancelledAt: at(-1) }).where(eq(orders.id, a.id))
  expect(await createManualJob(planner, a.id, slot(p.id, at(5)))).toEqual({ ok: false, problem: { code: 'order_closed' } })
  expect(await getJob(job.id)).toMatchObject({ id: job.id, orderReference: 'PO-A' })
})
