/**
 * From printer to record (issue 18 item 5): the state changes a connected printer reports start and end prints; a print
 * is linked to the planned job its file names (which starts at the printer's own start time) or to the one the operator
 * picks; when it ends, the bench offers the record prefilled, which one tap confirms through the same one-transaction
 * record path (order progress, spool, audit). Auto-recording of finished prints only when the shop allows it.
 */
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, printerConnections, printerPrints, printerStateChanges } from '~db/schema'
import type { LiveState } from '~/domain/printers/live/state'
import { setAutoRecordPrints, trackPrints } from '~/models/printers/live/prints.server'
import { pruneHistory } from '~/models/printers/live/store.server'
import { recordedOutput } from '~/models/scheduling/job-queries.server'
import * as detail from '~/routes/printers.$printerId/route'
import { callAction, callLoader, makeRequest, makeUser, sessionFor } from '../support/app'
import { auditRows, insertJob, jobRow, makeFilament, makeOrder, makePrinter, makeProduct, resetScheduling, snapshot, spoolState } from '../support/scheduling-fixtures'

beforeEach(resetScheduling)

const MIN = 60_000
/** Whole seconds (a job's start is kept to the second), around the moment the test runs: the bench reads the real clock. */
const fromNow = (minutes: number) => new Date(Math.floor((Date.now() + minutes * MIN) / 1000) * 1000)

/** A connected printer, PLA Black spools L1 and L2 of 1000 g, a product "Hinge Plate" (4 a plate, 10 g each), an order of 8. */
async function shop() {
  const printer = await makePrinter()
  await db.insert(printerConnections).values({ printerId: printer.id, type: 'moonraker', host: '127.0.0.1' })
  const { filament, spoolIds } = await makeFilament('PLA', 'Black', ['1000.0', '1000.0'])
  const product = await makeProduct(filament.id, { name: `Hinge Plate ${printer.assetId}` })
  const order = await makeOrder(product.id, { targetQuantity: 8 })
  const planned = (startMin: number) => insertJob({ orderId: order.id, product, printerId: printer.id, filament, startsAt: fromNow(startMin), endsAt: fromNow(startMin + 60) })
  return { printer, filament, spoolIds, product, order, planned }
}

function change(printerId: string, fromState: LiveState | null, toState: LiveState, at: Date, more: { file?: string | null; progress?: number | null; message?: string | null; filamentMm?: number | null } = {}) {
  return { printerId, fromState, toState, at, file: more.file ?? null, progress: more.progress ?? null, message: more.message ?? null, filamentMm: more.filamentMm ?? null }
}

async function signedIn(role: 'viewer' | 'operator') {
  const user = await makeUser(role)
  return { user, cookie: await sessionFor(user.id) }
}
type Asks = { needsJob: boolean; print: { id: string; file: string | null; jobId: string | null }; record: { goodUnits: number; scrapUnits: number; mg: number; gramsFrom: string; outcome: string; jobId: string; version: number } | null } | null
const asksOf = async (cookie: string, printerId: string) => ((await callLoader(detail, makeRequest(`/printers/${printerId}`, { cookie }), { printerId })).data as { printAsks: Asks }).printAsks
const post = (cookie: string, printerId: string, form: Record<string, string>) => callAction(detail, makeRequest(`/printers/${printerId}`, { cookie, form }), { printerId })
const prints = (printerId: string) => db.select().from(printerPrints).where(eq(printerPrints.printerId, printerId))

describe('a print the printer starts', () => {
  test('is linked to the planned job its file names, which starts at the printer’s start time (audited as the printer)', async () => {
    const s = await shop()
    await s.planned(70)
    const job = await s.planned(5)
    const started = fromNow(-3)
    await trackPrints([change(s.printer.id, 'idle', 'printing', started, { file: `gcodes/${s.product.name.replace(/ /g, '_')}_v2.gcode` })])
    // Both jobs name the product: the one planned first is the print.
    expect(await jobRow(job.id)).toMatchObject({ status: 'printing' })
    expect((await jobRow(job.id)).actualStart?.toISOString()).toBe(started.toISOString())
    expect(await prints(s.printer.id)).toMatchObject([{ jobId: job.id, linkedBy: 'file', endedAt: null }])
    const [row] = await db.select().from(auditLog).where(eq(auditLog.action, 'job.start'))
    expect(row).toMatchObject({ entityId: job.id, userId: null, username: `printer:${s.printer.assetId}` })
  })

  test('a file no job names waits for the operator, who picks the job in one tap; a second tablet’s pick is refused', async () => {
    const s = await shop()
    const job = await s.planned(10)
    const started = fromNow(-1)
    await trackPrints([change(s.printer.id, 'idle', 'printing', started, { file: 'benchy.gcode' })])
    expect(await jobRow(job.id)).toMatchObject({ status: 'planned' })
    const { cookie } = await signedIn('operator')
    const asks = await asksOf(cookie, s.printer.id)
    expect(asks).toMatchObject({ needsJob: true, print: { file: 'benchy.gcode', jobId: null }, record: null })
    const form = { intent: 'print-link', printId: asks!.print.id, jobId: job.id, version: String(job.version) }
    const res = await post(cookie, s.printer.id, form)
    expect(res.status, JSON.stringify(res.data)).toBe(302)
    expect(await jobRow(job.id)).toMatchObject({ status: 'printing' })
    expect((await jobRow(job.id)).actualStart?.toISOString()).toBe(started.toISOString())
    expect(await prints(s.printer.id)).toMatchObject([{ jobId: job.id, linkedBy: 'person' }])
    expect((await auditRows('job.link_print')).map((a) => a.entityId)).toEqual([job.id])
    expect(await asksOf(cookie, s.printer.id)).toBeNull()
    const before = await snapshot()
    expect((await post(cookie, s.printer.id, form)).status).toBe(409)
    expect(await snapshot()).toEqual(before)
  })

  test('a viewer cannot link a print, and a print of another printer cannot be linked here', async () => {
    const s = await shop()
    const job = await s.planned(10)
    await trackPrints([change(s.printer.id, 'idle', 'printing', fromNow(-1), { file: 'benchy.gcode' })])
    const [print] = await prints(s.printer.id)
    const form = { intent: 'print-link', printId: print.id, jobId: job.id, version: String(job.version) }
    const viewer = await signedIn('viewer')
    expect((await post(viewer.cookie, s.printer.id, form)).status).toBe(403)
    const other = await makePrinter()
    const operator = await signedIn('operator')
    expect((await post(operator.cookie, other.id, form)).status).toBe(404)
    expect(await jobRow(job.id)).toMatchObject({ status: 'planned' })
  })

  test('a pause and a resume are one print; back from offline with the same file too', async () => {
    const s = await shop()
    await s.planned(5)
    const id = s.printer.id
    const file = `${s.product.name}.gcode`
    await trackPrints([change(id, 'idle', 'printing', fromNow(-10), { file }), change(id, 'printing', 'paused', fromNow(-8), { file }), change(id, 'paused', 'printing', fromNow(-7), { file })])
    await trackPrints([change(id, 'printing', 'offline', fromNow(-6), { file }), change(id, 'offline', 'printing', fromNow(-5), { file })])
    expect(await prints(id)).toHaveLength(1)
  })
})

describe('a print that ends', () => {
  test('finished: the bench offers the record prefilled with the printer’s grams; one tap records it for the order and the spool', async () => {
    const s = await shop()
    const job = await s.planned(5)
    const file = `${s.product.name}.gcode`
    await trackPrints([change(s.printer.id, 'idle', 'printing', fromNow(-50), { file })])
    // 13 m of 1.75 mm PLA: 31.27 cm³ × 1.24 g/cm³ = 38.8 g.
    await trackPrints([change(s.printer.id, 'printing', 'finished', fromNow(-1), { file, progress: 1, filamentMm: 13_000 })])
    const { cookie } = await signedIn('operator')
    const asks = await asksOf(cookie, s.printer.id)
    expect(asks?.record).toMatchObject({ outcome: 'finished', goodUnits: 4, scrapUnits: 0, mg: 38_800, gramsFrom: 'printer', jobId: job.id })
    // The confirm button's form, as the page sends it.
    const { version } = await jobRow(job.id)
    const res = await post(cookie, s.printer.id, { intent: 'job-finish', jobId: job.id, version: String(version), goodUnits: '4', scrapUnits: '0', grams: '38.8', spoolId: '', note: '' })
    expect(res.status, JSON.stringify(res.data)).toBe(302)
    expect(await jobRow(job.id)).toMatchObject({ status: 'done', goodUnits: 4, gramsUsed: '38.8' })
    expect((await recordedOutput([s.order.id])).get(s.order.id)?.producedGood).toBe(4)
    expect(await spoolState(s.spoolIds[0])).toEqual({ remaining: '961.2', status: 'active' })
    expect(await asksOf(cookie, s.printer.id)).toBeNull()
  })

  test('failed: the record is prefilled as failed, grams = plan × progress reached, the printer’s words as the note', async () => {
    const s = await shop()
    const job = await s.planned(5)
    const file = `${s.product.name}.gcode`
    await trackPrints([change(s.printer.id, 'idle', 'printing', fromNow(-20), { file }), change(s.printer.id, 'printing', 'error', fromNow(-2), { file, progress: 0.5, message: 'Thermal runaway' })])
    const { cookie } = await signedIn('operator')
    const asks = await asksOf(cookie, s.printer.id)
    expect(asks?.record).toMatchObject({ outcome: 'failed', goodUnits: 0, scrapUnits: 4, mg: 20_000, gramsFrom: 'plan_progress' })
    expect(await prints(s.printer.id)).toMatchObject([{ outcome: 'failed', message: 'Thermal runaway', progress: 0.5 }])
    // Nothing is recorded without a person.
    expect(await jobRow(job.id)).toMatchObject({ status: 'printing' })
  })

  test('with auto-recording allowed, a finished print is recorded at once (as the printer, FIFO spool); a failed one still waits', async () => {
    const s = await shop()
    const admin = await makeUser('admin')
    await setAutoRecordPrints({ id: admin.id, username: admin.username }, true)
    const job = await s.planned(5)
    const file = `${s.order.reference}.3mf`
    await trackPrints([change(s.printer.id, 'idle', 'printing', fromNow(-50), { file }), change(s.printer.id, 'printing', 'finished', fromNow(-1), { file, progress: 1 })])
    expect(await jobRow(job.id)).toMatchObject({ status: 'done', goodUnits: 4, scrapUnits: 0, gramsUsed: '40.0' })
    expect(await spoolState(s.spoolIds[0])).toEqual({ remaining: '960.0', status: 'active' })
    const [finish] = await db.select().from(auditLog).where(eq(auditLog.action, 'job.finish'))
    expect(finish).toMatchObject({ entityId: job.id, username: `printer:${s.printer.assetId}` })
    expect((await auditRows('printer.auto_record')).length).toBe(1)

    const next = await s.planned(70)
    await trackPrints([change(s.printer.id, 'finished', 'printing', fromNow(0), { file }), change(s.printer.id, 'printing', 'error', fromNow(1), { file, message: 'cancelled' })])
    expect(await jobRow(next.id)).toMatchObject({ status: 'printing' })
    await setAutoRecordPrints({ id: admin.id, username: admin.username }, false)
  })
})

describe('history retention', () => {
  test('state changes and ended prints older than 90 days are pruned; newer ones and a print still running stay', async () => {
    const s = await shop()
    const day = 86_400_000
    const now = new Date()
    const old = new Date(now.getTime() - 91 * day)
    const recent = new Date(now.getTime() - 89 * day)
    await db.insert(printerStateChanges).values([
      { printerId: s.printer.id, fromState: 'idle', toState: 'printing', at: old },
      { printerId: s.printer.id, fromState: 'printing', toState: 'finished', at: recent },
    ])
    await db.insert(printerPrints).values([
      { printerId: s.printer.id, file: 'old.gcode', startedAt: old, endedAt: old, outcome: 'finished' },
      { printerId: s.printer.id, file: 'recent.gcode', startedAt: recent, endedAt: recent, outcome: 'failed' },
      { printerId: s.printer.id, file: 'running.gcode', startedAt: old },
    ])
    expect(await pruneHistory(now)).toEqual({ changes: 1, prints: 1 })
    expect((await db.select().from(printerStateChanges).where(eq(printerStateChanges.printerId, s.printer.id))).map((c) => c.toState)).toEqual(['finished'])
    expect((await prints(s.printer.id)).map((p) => p.file).sort()).toEqual(['recent.gcode', 'running.gcode'])
  })
})
