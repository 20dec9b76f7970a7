import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { outlookFromTotals, type DemandTotal, type SpoolOrTotal, type TotalsInput } from './outlook-totals'
import { projectInventoryOutlook, type OutlookFilament, type OutlookJob, type OutlookSpool } from './projection'

const SEOUL = 'Asia/Seoul'
const TODAY = new Date('2026-03-01T00:00:00Z').getTime()

/** Sums jobs per (filament, material, colour) in order of first appearance, as the SQL aggregate does. */
function totalsOf(jobs: readonly OutlookJob[]): { demand: DemandTotal[]; rowOf: number[] } {
  const index = new Map<string, number>()
  const demand: DemandTotal[] = []
  const rowOf = jobs.map((j) => {
    const key = `${j.filamentId ?? ''}|${j.material ?? ''}|${j.colour ?? ''}`
    let i = index.get(key)
    if (i === undefined) {
      i = demand.length
      index.set(key, i)
      demand.push({ filamentId: j.filamentId ?? null, material: j.material ?? null, colour: j.colour ?? null, useMg: 0, jobCount: 0, pastJobCount: 0, firstStart: Infinity })
    }
    const d = demand[i]
    const start = typeof j.plannedStart === 'number' ? j.plannedStart : j.plannedStart.getTime()
    d.useMg += j.plannedUseMg
    d.jobCount++
    if (start < TODAY) d.pastJobCount++
    d.firstStart = Math.min(Number(d.firstStart), start)
    return i
  })
  return { demand, rowOf }
}

/** Steps 1 and 2 as the model runs them. */
function viaTotals(filaments: OutlookFilament[], spools: SpoolOrTotal[], jobs: OutlookJob[]) {
  const { demand, rowOf } = totalsOf(jobs)
  const input: TotalsInput = { filaments, spools, demand, today: TODAY, timeZone: SEOUL }
  const detailed = outlookFromTotals(input).shortDemand
  const wanted = new Set(detailed)
  return outlookFromTotals(
    input,
    detailed,
    jobs.filter((_, n) => wanted.has(rowOf[n])),
  )
}

/** Active spools summed per filament (material + colour for spools with none), as the dashboard reads them. */
function summed(spools: readonly OutlookSpool[]): SpoolOrTotal[] {
  const out = new Map<string, SpoolOrTotal>()
  for (const s of spools) {
    if (s.status !== 'active') continue
    const key = `${s.filamentId ?? ''}|${s.material ?? ''}|${s.colour ?? ''}`
    const t = out.get(key)
    if (t) {
      t.remainingMg += s.remainingMg
      t.count = (t.count ?? 1) + 1
    } else out.set(key, { ...s, id: `total-${out.size}`, count: 1 })
  }
  return [...out.values()]
}

const materials = ['PLA', 'pla', 'PETG', 'ＰＬＡ']
const colours = ['Black', 'black ', 'White']
const filamentArb = fc.record({
  material: fc.constantFrom(...materials),
  colourName: fc.constantFrom(...colours),
  colourHex: fc.constantFrom('#000000', null),
  lowStockMg: fc.integer({ min: 0, max: 5_000_000 }),
})
const ref = fc.record({
  filament: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
  material: fc.option(fc.constantFrom(...materials), { nil: null }),
  colour: fc.option(fc.constantFrom(...colours), { nil: null }),
})
const spoolArb = fc.record({
  ref,
  batch: fc.constantFrom('A1', 'A2', 'B10', ''),
  receivedAt: fc.constantFrom('2026-01-01', '2026-02-01', null),
  status: fc.constantFrom('active', 'active', 'empty', 'archived') as fc.Arbitrary<OutlookSpool['status']>,
  remainingMg: fc.integer({ min: 0, max: 2_000 }).map((g) => g * 1_000),
})
const jobArb = fc.record({
  ref,
  start: fc.integer({ min: -5, max: 20 }).map((d) => TODAY + d * 3_600_000 * 7),
  useMg: fc.integer({ min: 0, max: 900 }).map((g) => g * 1_000),
})
const shop = fc.record({
  filaments: fc.array(filamentArb, { maxLength: 6 }),
  spools: fc.array(spoolArb, { maxLength: 25 }),
  jobs: fc.array(jobArb, { maxLength: 40 }),
})

type Shop = typeof shop extends fc.Arbitrary<infer T> ? T : never

function build(s: Shop) {
  const filaments: OutlookFilament[] = s.filaments.map((f, i) => ({ id: `f${i}`, ...f }))
  const idOf = (n: number | null) => (n === null ? null : `f${n}`)
  const spools: OutlookSpool[] = s.spools.map((x, i) => ({
    id: `s${String(i).padStart(3, '0')}`,
    filamentId: idOf(x.ref.filament),
    material: x.ref.material,
    colour: x.ref.colour,
    batch: x.batch,
    receivedAt: x.receivedAt,
    status: x.status,
    remainingMg: x.remainingMg,
  }))
  const jobs: OutlookJob[] = s.jobs.map((x, i) => ({
    id: `j${String(i).padStart(3, '0')}`,
    ref: `PO-${i}`,
    orderId: `o${i}`,
    filamentId: idOf(x.ref.filament),
    material: x.ref.material,
    colour: x.ref.colour,
    plannedStart: x.start,
    plannedUseMg: x.useMg,
  }))
  return { filaments, spools, jobs }
}

describe('the outlook from planned-use totals', () => {
  it('gives the same pools, figures and run-out points as the projection of every job, and the same spool estimates', () => {
    fc.assert(
      fc.property(shop, (s) => {
        const { filaments, spools, jobs } = build(s)
        const full = projectInventoryOutlook({ filaments, spools, jobs, today: TODAY, timeZone: SEOUL })
        const totals = viaTotals(filaments, spools, jobs)
        expect(totals.groups).toEqual(full.groups)
        expect(totals.spools).toEqual(full.spools.map((x) => ({ ...x, emptiedBy: null })))
        expect(totals.unresolvedSpoolIds).toEqual(full.unresolvedSpoolIds)
      }),
      { numRuns: 400 },
    )
  })

  it('gives the same pools from spools summed per filament (the dashboard reads no single spool)', () => {
    fc.assert(
      fc.property(shop, (s) => {
        const { filaments, spools, jobs } = build(s)
        const full = projectInventoryOutlook({ filaments, spools, jobs, today: TODAY, timeZone: SEOUL })
        expect(viaTotals(filaments, summed(spools), jobs).groups).toEqual(full.groups)
      }),
      { numRuns: 400 },
    )
  })

  it('asks for the jobs of short pools only', () => {
    const filaments: OutlookFilament[] = [
      { id: 'pla', material: 'PLA', colourName: 'Black' },
      { id: 'petg', material: 'PETG', colourName: 'Black' },
    ]
    const spools: OutlookSpool[] = [
      { id: 's1', filamentId: 'pla', status: 'active', remainingMg: 1_000_000 },
      { id: 's2', filamentId: 'petg', status: 'active', remainingMg: 100_000 },
    ]
    const demand: DemandTotal[] = [
      { filamentId: 'pla', material: 'PLA', colour: 'Black', useMg: 900_000, jobCount: 90, pastJobCount: 0, firstStart: TODAY },
      { filamentId: 'petg', material: 'PETG', colour: 'Black', useMg: 150_000, jobCount: 3, pastJobCount: 1, firstStart: TODAY - 1 },
      { filamentId: null, material: 'petg', colour: 'black', useMg: 1_000, jobCount: 1, pastJobCount: 0, firstStart: TODAY },
    ]
    const input = { filaments, spools, demand, today: TODAY, timeZone: SEOUL }
    expect(outlookFromTotals(input).shortDemand).toEqual([1, 2])
    const petg = outlookFromTotals(input).groups.find((g) => g.material === 'PETG')!
    expect(petg).toMatchObject({ status: 'short', jobCount: 4, pastJobCount: 1, plannedUseMg: 151_000, shortfallMg: 51_000 })
    expect(outlookFromTotals(input).groups.find((g) => g.material === 'PLA')).toMatchObject({ status: 'sufficient', jobCount: 90, runsOutOn: null })
  })
})
