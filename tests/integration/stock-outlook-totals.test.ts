import { beforeEach, describe, expect, test } from 'vitest'
import { inventoryOutlook, stockOutlook } from '~/models/inventory/outlook.server'
import { at, HOUR, insertJob, makeFilament, makeOrder, makePrinter, makeProduct, resetScheduling } from '../support/scheduling-fixtures'

// The dashboard and the spool list read the stock outlook from the planned use summed in SQL (and the jobs of short
// pools only). Against the same database it must say exactly what the projection of every job says: each job's use
// rounded up to 0.1 g in SQL as in `plannedUseMg`, pools pooled by material + colour, run-out job and date, counts.

beforeEach(resetScheduling)

async function shop() {
  const printer = await makePrinter()
  // Plenty of PLA Black (two brands pooled), little PETG White (runs short), a job with no filament (material + colour).
  const pla = await makeFilament('PLA', 'Black', ['1000.0', '250.5', '80.0'])
  const pla2 = await makeFilament('pla', 'black ', ['120.0'])
  const petg = await makeFilament('PETG', 'White', ['300.0', '45.5'])
  const awkward = await makeProduct(pla.filament.id, { gramsPerUnit: '33.33', wastePct: '7.5', unitsPerPlate: 60 })
  const plain = await makeProduct(petg.filament.id, { gramsPerUnit: '12.34', wastePct: '0', unitsPerPlate: 60 })
  const loose = await makeProduct(null, { gramsPerUnit: '0.07', wastePct: '12.5', unitsPerPlate: 60 })
  const o1 = await makeOrder(awkward.id)
  const o2 = await makeOrder(plain.id)
  const o3 = await makeOrder(loose.id)
  let h = -30
  const job = async (orderId: string, product: typeof awkward, units: number, filament: typeof pla.filament | null, extra = {}) => {
    h += 2
    return insertJob({ orderId, product, printerId: printer.id, startsAt: at(h), endsAt: at(h + 1.5), units, filament, extra })
  }
  for (let i = 0; i < 7; i++) await job(o1.id, awkward, 1 + i, i % 2 ? pla2.filament : pla.filament)
  for (let i = 0; i < 9; i++) await job(o2.id, plain, 3 + i, petg.filament)
  await job(o3.id, loose, 5, null, { filamentId: null, material: 'PETG', colour: 'white' })
  await job(o3.id, loose, 3, null, { filamentId: null, material: 'TPU', colour: 'Red' })
  // Not planned: not counted anywhere.
  await job(o2.id, plain, 50, petg.filament, { status: 'done' })
  return { petg }
}

describe('the stock outlook from totals (dashboard, spool list)', () => {
  test('equals the projection of every planned job: pools, figures, run-out job and date, spool estimates', async () => {
    await shop()
    const now = at(0)
    const full = (await inventoryOutlook([], now)).outlook
    const each = await stockOutlook(now, { spools: 'each' })
    const summed = await stockOutlook(now, { spools: 'summed' })
    expect(full.groups.some((g) => g.status === 'short' && g.runsOutOn !== null)).toBe(true)
    expect(full.groups.some((g) => g.status !== 'short' && g.jobCount > 1 && g.pastJobCount > 0)).toBe(true)
    expect(each.groups).toEqual(full.groups)
    expect(summed.groups).toEqual(full.groups)
    expect(each.spools).toEqual(full.spools.map((s) => ({ ...s, emptiedBy: null })))
  })

  test('a pool that runs short reads its own jobs only, and names the first it cannot cover', async () => {
    const { petg } = await shop()
    const summed = await stockOutlook(at(0), { spools: 'summed' })
    const white = summed.groups.find((g) => g.filamentIds.includes(petg.filament.id))!
    expect(white.status).toBe('short')
    expect(white.runsOutOn).toMatchObject({ ref: expect.stringMatching(/^PO-/), past: expect.any(Boolean) })
    expect(white.runsOutOn!.plannedStart.getTime() % HOUR).toBe(0)
    expect(white.activeSpoolCount).toBe(2)
  })
})
