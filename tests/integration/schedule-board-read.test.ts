/**
 * The planning board's read of a period (issue 17/20: the jobs come from the database as one JSON array, times as epoch
 * milliseconds, lateness from the due date in the shop's zone): every field the board shows, cut by the period, without
 * cancelled jobs, ordered by printer and start, a job just inside / just past its due day. Runs on PGlite and on PostgreSQL.
 */
import { beforeEach, expect, test } from 'vitest'
import { scheduleAgenda, scheduleBoard } from '~/models/scheduling/schedule-views.server'
import { MINUTE, at, insertJob, makeFilament, makeOrder, makePrinter, makeProduct, resetScheduling } from '../support/scheduling-fixtures'

beforeEach(resetScheduling)

const ZONE = 'Asia/Seoul'

test('the board reads each job of the period with its fields, lateness in the shop zone, cancelled jobs left out', async () => {
  // BASE is 2030-03-04T00:00Z = 09:00 in Seoul; the board's week starts on the local 2030-03-04 (2030-03-03T15:00Z).
  const p1 = await makePrinter({ assetId: 'A-1' })
  const p2 = await makePrinter({ assetId: 'A-2' })
  const { filament } = await makeFilament('PLA', 'Black')
  const product = await makeProduct(filament.id, { name: '키링 "둥근" 모양' })
  // Due 2030-03-04: the day ends at 2030-03-04T15:00Z (midnight in Seoul) = at(15).
  const due = await makeOrder(product.id, { reference: 'PO-DUE', dueDate: '2030-03-04' })
  const open = await makeOrder(product.id, { reference: 'PO-OPEN' })
  const onTime = await insertJob({ orderId: due.id, product, printerId: p1.id, startsAt: at(13), endsAt: at(15), filament })
  const late = await insertJob({ orderId: due.id, product, printerId: p1.id, startsAt: at(15), endsAt: new Date(at(15).getTime() + MINUTE), filament, locked: true })
  const doneLate = await insertJob({ orderId: due.id, product, printerId: p2.id, startsAt: at(20), endsAt: at(22), filament, status: 'done' })
  await insertJob({ orderId: open.id, product, printerId: p2.id, startsAt: at(2), endsAt: at(4), filament, status: 'cancelled' })
  // Cut by the period's start (began the day before) and one outside it.
  const cut = await insertJob({ orderId: open.id, product, printerId: p2.id, startsAt: at(-20), endsAt: at(-8), filament: null, units: 3, extra: { filamentId: null } })
  await insertJob({ orderId: open.id, product, printerId: p2.id, startsAt: at(-40), endsAt: at(-30), filament })

  const board = await scheduleBoard('2030-03-04', 'week', at(0), ZONE)
  const byId = new Map(board.jobs.map((j) => [j.id, j]))
  expect(board.jobs.map((j) => j.id).sort()).toEqual([onTime.id, late.id, doneLate.id, cut.id].sort())
  expect(byId.get(onTime.id)).toEqual({
    id: onTime.id,
    printerId: p1.id,
    start: at(13),
    end: at(15),
    status: 'planned',
    locked: false,
    version: onTime.version,
    units: onTime.units,
    reference: 'PO-DUE',
    product: '키링 "둥근" 모양',
    colourHex: filament.colourHex,
    late: false,
  })
  expect(byId.get(late.id)).toMatchObject({ late: true, locked: true, start: at(15), end: new Date(at(15).getTime() + MINUTE) })
  // Finished jobs are not flagged late (the flag is for what is still to print).
  expect(byId.get(doneLate.id)).toMatchObject({ late: false, status: 'done' })
  expect(byId.get(cut.id)).toMatchObject({ colourHex: null, units: 3, start: at(-20), late: false })
  // Ordered by printer, then start.
  const order = board.jobs.map((j) => `${j.printerId}|${j.start.getTime()}`)
  expect(order).toEqual([...order].sort())
  expect(board.board.rows.map((r) => r.label)).toEqual(['A-1', 'A-2'])
  expect(board.printingNow).toBe(0)

  const agenda = await scheduleAgenda('2030-03-04', at(0), ZONE)
  const a1 = agenda.rows.find((r) => r.printerId === p1.id)!
  expect(a1.next?.job.id).toBe(onTime.id)
})
