import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mgToGramsString } from './mass'
import {
  projectInventoryOutlook,
  type InventoryOutlook,
  type MaterialColourOutlook,
  type OutlookFilament,
  type OutlookInput,
  type OutlookJob,
  type OutlookSpool,
} from './projection'
import { materialColourKey } from './keys'

const SEOUL = 'Asia/Seoul'
const TODAY = new Date('2026-03-01T00:00:00Z')

function filament(overrides: Partial<OutlookFilament> & { id: string }): OutlookFilament {
  return { material: 'PLA', colourName: 'Black', colourHex: '#000000', brand: 'Acme', lowStockMg: 0, ...overrides }
}

let spoolSeq = 0
function spool(overrides: Partial<OutlookSpool> = {}): OutlookSpool {
  spoolSeq += 1
  return { id: `s${spoolSeq}`, filamentId: 'f-pla-black', batch: 'A1', receivedAt: '2026-01-01', status: 'active', remainingMg: 1_000_000, ...overrides }
}

let jobSeq = 0
function job(overrides: Partial<OutlookJob> = {}): OutlookJob {
  jobSeq += 1
  return { id: `j${String(jobSeq).padStart(4, '0')}`, filamentId: 'f-pla-black', plannedStart: new Date('2026-03-02T00:00:00Z'), plannedUseMg: 100_000, ...overrides }
}

const baseFilaments = [
  filament({ id: 'f-pla-black' }),
  filament({ id: 'f-pla-white', colourName: 'White', colourHex: '#ffffff' }),
  filament({ id: 'f-petg-black', material: 'PETG' }),
]

function outlook(parts: Partial<OutlookInput>): InventoryOutlook {
  return projectInventoryOutlook({ filaments: baseFilaments, spools: [], jobs: [], today: TODAY, timeZone: SEOUL, ...parts })
}

function group(result: InventoryOutlook, material: string, colour: string): MaterialColourOutlook {
  const g = result.groups.find((x) => x.key === materialColourKey(material, colour))
  if (!g) throw new Error(`no group ${material}/${colour}`)
  return g
}

function estimates(result: InventoryOutlook): Record<string, number | null> {
  return Object.fromEntries(result.spools.map((s) => [String(s.spoolId), s.estimatedRemainingMg]))
}

describe('projectInventoryOutlook — FIFO allocation', () => {
  it('allocates jobs in start order to the oldest batch first and spills over to the next batch', () => {
    const a1 = spool({ id: 'a1', batch: 'A1', receivedAt: '2026-01-01', remainingMg: 300_000 })
    const a2 = spool({ id: 'a2', batch: 'A2', receivedAt: '2026-02-01', remainingMg: 1_000_000 })
    const j1 = job({ id: 'j1', plannedStart: new Date('2026-03-02T00:00:00Z'), plannedUseMg: 200_000 })
    const j2 = job({ id: 'j2', plannedStart: new Date('2026-03-03T00:00:00Z'), plannedUseMg: 200_000 })
    const j3 = job({ id: 'j3', plannedStart: new Date('2026-03-04T00:00:00Z'), plannedUseMg: 500_000 })
    // input order deliberately scrambled
    const r = outlook({ spools: [a2, a1], jobs: [j3, j1, j2] })

    expect(estimates(r)).toEqual({ a1: 0, a2: 400_000 })
    const byId = Object.fromEntries(r.spools.map((s) => [s.spoolId, s]))
    expect(byId.a1).toMatchObject({ allocatedMg: 300_000, fifoRank: 0, emptiedBy: { jobId: 'j2', plannedStart: new Date('2026-03-03T00:00:00Z') } })
    expect(byId.a2).toMatchObject({ allocatedMg: 600_000, fifoRank: 1, emptiedBy: null })
    expect(group(r, 'PLA', 'Black')).toMatchObject({
      onHandMg: 1_300_000,
      plannedUseMg: 900_000,
      projectedRemainingMg: 400_000,
      status: 'sufficient',
      shortfallMg: 0,
      runsOutOn: null,
      jobCount: 3,
      activeSpoolCount: 2,
    })
  })

  it('uses three batches received the same day in batch-label order, then by id', () => {
    const spools = [
      spool({ id: 'z', batch: 'B10', remainingMg: 100_000 }),
      spool({ id: 'y', batch: 'B2', remainingMg: 100_000 }),
      spool({ id: 'x', batch: 'B2', remainingMg: 100_000 }),
    ]
    const r = outlook({ spools, jobs: [job({ plannedUseMg: 150_000 })] })
    expect(estimates(r)).toEqual({ z: 100_000, y: 50_000, x: 0 })
  })

  it('breaks equal planned starts by job id', () => {
    const start = new Date('2026-03-05T01:00:00Z')
    const r = outlook({
      spools: [spool({ remainingMg: 100_000 })],
      jobs: [job({ id: 'job-b', plannedStart: start, plannedUseMg: 100_000 }), job({ id: 'job-a', plannedStart: start, plannedUseMg: 100_000 })],
    })
    const jobs = Object.fromEntries(r.jobs.map((j) => [j.jobId, j]))
    expect(jobs['job-a']).toMatchObject({ coveredMg: 100_000, uncoveredMg: 0 })
    expect(jobs['job-b']).toMatchObject({ coveredMg: 0, uncoveredMg: 100_000 })
    expect(group(r, 'PLA', 'Black').runsOutOn?.jobId).toBe('job-b')
  })
})

describe('projectInventoryOutlook — running short', () => {
  it('reports the first job that cannot be covered, its shop-local date and the shortfall', () => {
    const jobs = [
      job({ id: 'j3', ref: 'ORD-3', orderId: 'o3', plannedStart: new Date('2026-03-05T16:00:00Z'), plannedUseMg: 200_000 }),
      job({ id: 'j1', ref: 'ORD-1', plannedStart: new Date('2026-03-02T00:00:00Z'), plannedUseMg: 200_000 }),
      job({ id: 'j4', ref: 'ORD-4', plannedStart: new Date('2026-03-09T00:00:00Z'), plannedUseMg: 200_000 }),
      job({ id: 'j2', ref: 'ORD-2', plannedStart: new Date('2026-03-03T00:00:00Z'), plannedUseMg: 200_000 }),
    ]
    const r = outlook({ spools: [spool({ remainingMg: 500_000 })], jobs })
    const g = group(r, 'PLA', 'Black')

    expect(g).toMatchObject({ onHandMg: 500_000, plannedUseMg: 800_000, projectedRemainingMg: -300_000, status: 'short', shortfallMg: 300_000 })
    // 16:00 UTC on 5 March is 01:00 on 6 March in Seoul
    expect(g.runsOutOn).toEqual({
      jobId: 'j3',
      ref: 'ORD-3',
      orderId: 'o3',
      plannedStart: new Date('2026-03-05T16:00:00Z'),
      localDate: '2026-03-06',
      uncoveredMg: 100_000,
      coveredJobCount: 2,
      past: false,
    })
    const uncovered = Object.fromEntries(r.jobs.map((j) => [j.jobId, j.uncoveredMg]))
    expect(uncovered).toEqual({ j1: 0, j2: 0, j3: 100_000, j4: 200_000 })
  })

  it('gives the local date in the zone passed in', () => {
    const jobs = [job({ plannedStart: new Date('2026-03-05T16:00:00Z'), plannedUseMg: 1 })]
    const r = projectInventoryOutlook({ filaments: baseFilaments, spools: [], jobs, today: TODAY, timeZone: 'UTC' })
    expect(group(r, 'PLA', 'Black').runsOutOn?.localDate).toBe('2026-03-05')
  })

  it('is short from the first job when a material has no stock at all', () => {
    const jobs = [
      job({ id: 'later', material: 'TPU', colour: 'Red', filamentId: null, plannedStart: new Date('2026-03-10T00:00:00Z'), plannedUseMg: 50_000 }),
      job({ id: 'first', material: 'TPU', colour: 'Red', filamentId: null, plannedStart: new Date('2026-03-04T00:00:00Z'), plannedUseMg: 20_000 }),
    ]
    const g = group(outlook({ spools: [spool()], jobs }), 'TPU', 'Red')
    expect(g).toMatchObject({ onHandMg: 0, plannedUseMg: 70_000, shortfallMg: 70_000, status: 'short', activeSpoolCount: 0, filamentIds: [] })
    expect(g.runsOutOn).toMatchObject({ jobId: 'first', uncoveredMg: 20_000, coveredJobCount: 0, localDate: '2026-03-04' })
  })

  it('does not run out on a zero-demand job', () => {
    const g = group(outlook({ jobs: [job({ plannedUseMg: 0 })] }), 'PLA', 'Black')
    expect(g).toMatchObject({ status: 'sufficient', runsOutOn: null, jobCount: 1 })
  })
})

describe('projectInventoryOutlook — pooling', () => {
  it('ignores jobs of other colours and materials', () => {
    const r = outlook({
      spools: [spool({ id: 'blk', remainingMg: 100_000 })],
      jobs: [
        job({ filamentId: 'f-pla-white', plannedUseMg: 900_000 }),
        job({ filamentId: 'f-petg-black', plannedUseMg: 900_000 }),
        job({ plannedUseMg: 40_000 }),
      ],
    })
    expect(estimates(r)).toEqual({ blk: 60_000 })
    expect(group(r, 'PLA', 'Black')).toMatchObject({ plannedUseMg: 40_000, status: 'sufficient', jobCount: 1 })
    expect(group(r, 'PLA', 'White')).toMatchObject({ plannedUseMg: 900_000, status: 'short' })
    expect(group(r, 'PETG', 'Black')).toMatchObject({ plannedUseMg: 900_000, status: 'short' })
  })

  it('pools brands of the same material and colour and sums their thresholds', () => {
    const filaments = [
      filament({ id: 'acme', brand: 'Acme', lowStockMg: 300_000 }),
      filament({ id: 'other', brand: 'Other', material: 'pla', colourName: 'black ', colourHex: '#010101', lowStockMg: 200_000 }),
    ]
    const r = projectInventoryOutlook({
      filaments,
      spools: [spool({ id: 'x', filamentId: 'acme', remainingMg: 400_000 }), spool({ id: 'y', filamentId: 'other', receivedAt: '2025-12-01', remainingMg: 400_000 })],
      // one job names the filament, one names material + colour directly
      jobs: [job({ filamentId: 'other', plannedUseMg: 100_000 }), job({ filamentId: null, material: 'PLA', colour: 'BLACK', plannedUseMg: 200_000 })],
      today: TODAY,
      timeZone: SEOUL,
    })
    expect(r.groups).toHaveLength(1)
    expect(r.groups[0]).toMatchObject({
      material: 'PLA',
      colour: 'Black',
      colourHex: '#000000',
      filamentIds: ['acme', 'other'],
      onHandMg: 800_000,
      plannedUseMg: 300_000,
      projectedRemainingMg: 500_000,
      lowStockMg: 500_000,
      status: 'sufficient',
      onHandBelowThreshold: false,
    })
    // FIFO crosses brands: the older spool (other brand) is used first
    expect(estimates(r)).toEqual({ x: 400_000, y: 100_000 })
  })

  it('is low when the projection stays non-negative but under the summed threshold', () => {
    const filaments = [filament({ id: 'f-pla-black', lowStockMg: 150_000 }), filament({ id: 'f2', brand: 'B', lowStockMg: 100_000 })]
    const base = { filaments, today: TODAY, timeZone: SEOUL, spools: [spool({ remainingMg: 500_000 })] }
    const at = (useMg: number) => projectInventoryOutlook({ ...base, jobs: [job({ plannedUseMg: useMg })] }).groups[0]
    expect(at(250_000)).toMatchObject({ projectedRemainingMg: 250_000, status: 'sufficient' })
    expect(at(250_100)).toMatchObject({ projectedRemainingMg: 249_900, status: 'low', shortfallMg: 0, runsOutOn: null })
    expect(at(500_000)).toMatchObject({ projectedRemainingMg: 0, status: 'low' })
    expect(at(500_100)).toMatchObject({ status: 'short', shortfallMg: 100 })
  })

  it('lists a filament with no spools and no jobs as an empty pool', () => {
    const r = projectInventoryOutlook({ filaments: [filament({ id: 'f', lowStockMg: 100_000 })], spools: [], jobs: [], today: TODAY, timeZone: SEOUL })
    expect(r.groups[0]).toMatchObject({ onHandMg: 0, plannedUseMg: 0, status: 'low', onHandBelowThreshold: true, runsOutOn: null })
  })

  it('keys a spool by its own material and colour when its filament is not in the input', () => {
    const r = outlook({ spools: [spool({ id: 'loose', filamentId: 'unknown', material: 'ASA', colour: 'Grey', remainingMg: 10_000 })] })
    expect(group(r, 'ASA', 'Grey')).toMatchObject({ onHandMg: 10_000, activeSpoolCount: 1 })
  })

  it('reports spools and jobs that resolve to no material + colour', () => {
    const r = outlook({
      spools: [spool({ id: 'lost', filamentId: 'nope', material: null, colour: null })],
      jobs: [job({ id: 'lost-job', filamentId: 'nope', plannedUseMg: 5_000 })],
    })
    expect(r.unresolvedSpoolIds).toEqual(['lost'])
    expect(r.unresolvedJobIds).toEqual(['lost-job'])
    expect(r.spools[0]).toMatchObject({ key: null, counted: false, estimatedRemainingMg: null })
    expect(r.jobs[0]).toMatchObject({ key: null, coveredMg: 0, uncoveredMg: 5_000 })
    expect(r.groups.every((g) => g.onHandMg === 0 && g.plannedUseMg === 0)).toBe(true)
  })

  it('sorts groups by key', () => {
    const r = outlook({})
    expect(r.groups.map((g) => `${g.material}/${g.colour}`)).toEqual(['PETG/Black', 'PLA/Black', 'PLA/White'])
  })
})

describe('projectInventoryOutlook — spool statuses', () => {
  it('excludes empty and archived spools from on-hand and allocation', () => {
    const r = outlook({
      spools: [
        spool({ id: 'archived', status: 'archived', receivedAt: '2025-01-01', remainingMg: 700_000 }),
        spool({ id: 'empty', status: 'empty', receivedAt: '2025-01-02', remainingMg: 0 }),
        spool({ id: 'active', receivedAt: '2026-01-01', remainingMg: 200_000 }),
      ],
      jobs: [job({ plannedUseMg: 300_000 })],
    })
    expect(group(r, 'PLA', 'Black')).toMatchObject({ onHandMg: 200_000, activeSpoolCount: 1, shortfallMg: 100_000, status: 'short' })
    expect(estimates(r)).toEqual({ archived: null, empty: null, active: 0 })
    const archived = r.spools.find((s) => s.spoolId === 'archived')
    expect(archived).toMatchObject({ counted: false, key: materialColourKey('PLA', 'Black'), fifoRank: null, allocatedMg: 0 })
  })

  it('does not create a pool from excluded spools alone', () => {
    const r = projectInventoryOutlook({
      filaments: [],
      spools: [spool({ filamentId: null, material: 'Nylon', colour: 'Natural', status: 'archived' })],
      jobs: [],
      today: TODAY,
      timeZone: SEOUL,
    })
    expect(r.groups).toEqual([])
    expect(r.unresolvedSpoolIds).toEqual([])
  })
})

describe('projectInventoryOutlook — past jobs', () => {
  it('still counts planned jobs whose start is before today, and flags them', () => {
    const r = outlook({
      spools: [spool({ remainingMg: 150_000 })],
      jobs: [job({ id: 'overdue', plannedStart: new Date('2026-02-20T00:00:00Z'), plannedUseMg: 100_000 }), job({ id: 'next', plannedUseMg: 100_000 })],
    })
    const g = group(r, 'PLA', 'Black')
    expect(g).toMatchObject({ plannedUseMg: 200_000, pastJobCount: 1, jobCount: 2, shortfallMg: 50_000 })
    expect(g.runsOutOn).toMatchObject({ jobId: 'next', past: false })
    expect(r.jobs.map((j) => [j.jobId, j.past])).toEqual([
      ['overdue', true],
      ['next', false],
    ])
  })
})

describe('projectInventoryOutlook — exact decimal grams', () => {
  it('sums 0.1 g three times to exactly 0.3 g', () => {
    const r = outlook({ spools: [spool({ remainingMg: 300 })], jobs: [job({ plannedUseMg: 100 }), job({ plannedUseMg: 100 }), job({ plannedUseMg: 100 })] })
    const g = group(r, 'PLA', 'Black')
    expect(g.plannedUseMg).toBe(300)
    expect(mgToGramsString(g.plannedUseMg)).toBe('0.3')
    expect(g).toMatchObject({ projectedRemainingMg: 0, status: 'sufficient', runsOutOn: null })
  })

  it('sums thirty 33.3 g jobs to exactly 999.0 g and leaves exactly 1.0 g of a 1 kg spool', () => {
    const jobs = Array.from({ length: 30 }, (_, i) => job({ plannedStart: new Date(Date.UTC(2026, 2, 2 + i)), plannedUseMg: 33_300 }))
    const r = outlook({ spools: [spool({ id: 'kg', remainingMg: 1_000_000 })], jobs })
    const g = group(r, 'PLA', 'Black')
    expect(mgToGramsString(g.plannedUseMg)).toBe('999.0')
    expect(estimates(r).kg).toBe(1_000)
    expect(mgToGramsString(g.projectedRemainingMg)).toBe('1.0')
  })

  it('runs out on the 31st 33.3 g job with exactly 32.3 g uncovered', () => {
    const jobs = Array.from({ length: 40 }, (_, i) => job({ id: `d${String(i).padStart(2, '0')}`, plannedStart: new Date(Date.UTC(2026, 2, 2, i)), plannedUseMg: 33_300 }))
    const g = group(outlook({ spools: [spool({ remainingMg: 1_000_000 })], jobs }), 'PLA', 'Black')
    expect(g.runsOutOn).toMatchObject({ jobId: 'd30', uncoveredMg: 32_300, coveredJobCount: 30 })
    expect(g.shortfallMg).toBe(40 * 33_300 - 1_000_000)
  })
})

describe('projectInventoryOutlook — input validation', () => {
  it('throws on an invalid time zone or corrupt masses and instants', () => {
    expect(() => outlook({ timeZone: 'Mars/Olympus' })).toThrow(RangeError)
    expect(() => outlook({ spools: [spool({ remainingMg: -1 })] })).toThrow(RangeError)
    expect(() => outlook({ jobs: [job({ plannedUseMg: 0.5 })] })).toThrow(RangeError)
    expect(() => outlook({ jobs: [job({ plannedStart: new Date(Number.NaN) })] })).toThrow(RangeError)
    expect(() => outlook({ today: Number.NaN })).toThrow(RangeError)
  })

  it('does not mutate its input', () => {
    const spools = [spool({ remainingMg: 100 })]
    const jobs = [job({ plannedUseMg: 100 })]
    const before = JSON.stringify({ spools, jobs })
    outlook({ spools, jobs })
    expect(JSON.stringify({ spools, jobs })).toBe(before)
  })
})

// ---------------------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------------------

const COLOURS = ['Black', 'White', 'Red'] as const
const propFilaments = COLOURS.map((c) => filament({ id: `f-${c}`, colourName: c, lowStockMg: 50_000 }))

const arbSpool = fc.record({
  colour: fc.constantFrom(...COLOURS),
  status: fc.constantFrom('active', 'active', 'active', 'empty', 'archived') as fc.Arbitrary<OutlookSpool['status']>,
  day: fc.integer({ min: 1, max: 28 }),
  batch: fc.constantFrom('A1', 'A2', 'A10', null),
  tenths: fc.integer({ min: 0, max: 10_000 }),
})
const arbJob = fc.record({
  colour: fc.constantFrom(...COLOURS),
  hour: fc.integer({ min: 0, max: 24 * 20 }),
  tenths: fc.integer({ min: 0, max: 5_000 }),
})
const arbInput = fc
  .record({ spools: fc.array(arbSpool, { maxLength: 12 }), jobs: fc.array(arbJob, { maxLength: 30 }) })
  .map(({ spools, jobs }): OutlookInput => ({
    filaments: propFilaments,
    spools: spools.map((s, i) => ({
      id: i,
      filamentId: `f-${s.colour}`,
      batch: s.batch,
      receivedAt: `2026-01-${String(s.day).padStart(2, '0')}`,
      status: s.status,
      remainingMg: s.tenths * 100,
    })),
    jobs: jobs.map((j, i) => ({ id: i, filamentId: `f-${j.colour}`, plannedStart: Date.UTC(2026, 2, 1) + j.hour * 3_600_000, plannedUseMg: j.tenths * 100 })),
    today: TODAY,
    timeZone: SEOUL,
  }))

describe('projectInventoryOutlook — properties', () => {
  it('per pool: sum of spool estimates − uncovered demand = on hand − planned', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = projectInventoryOutlook(input)
        for (const g of r.groups) {
          const estimateSum = r.spools.filter((s) => s.key === g.key && s.counted).reduce((sum, s) => sum + (s.estimatedRemainingMg ?? 0), 0)
          const uncovered = r.jobs.filter((j) => j.key === g.key).reduce((sum, j) => sum + j.uncoveredMg, 0)
          expect(uncovered).toBe(g.shortfallMg)
          expect(estimateSum - uncovered).toBe(g.onHandMg - g.plannedUseMg)
          expect(g.runsOutOn === null).toBe(g.shortfallMg === 0)
        }
      }),
    )
  })

  it('never drives a spool below zero and only opens a spool once the older ones are used up', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = projectInventoryOutlook(input)
        for (const s of r.spools) {
          if (!s.counted) continue
          expect(s.estimatedRemainingMg).toBeGreaterThanOrEqual(0)
          expect(s.estimatedRemainingMg! + s.allocatedMg).toBe(s.remainingMg)
          if (s.allocatedMg > 0) {
            const older = r.spools.filter((o) => o.key === s.key && o.counted && o.fifoRank! < s.fifoRank!)
            expect(older.every((o) => o.estimatedRemainingMg === 0)).toBe(true)
          }
        }
        for (const j of r.jobs) expect(j.coveredMg + j.uncoveredMg).toBe(j.plannedUseMg)
      }),
    )
  })

  it('does not depend on the input order of spools and jobs', () => {
    fc.assert(
      fc.property(arbInput, fc.integer(), (input, seed) => {
        const shuffle = <T>(xs: readonly T[]): T[] => {
          const out = [...xs]
          let s = seed >>> 0
          for (let i = out.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1_103_515_245) + 12_345) >>> 0
            const k = s % (i + 1)
            ;[out[i], out[k]] = [out[k], out[i]]
          }
          return out
        }
        const a = projectInventoryOutlook(input)
        const b = projectInventoryOutlook({ ...input, spools: shuffle(input.spools), jobs: shuffle(input.jobs) })
        expect(b.groups).toEqual(a.groups)
        const byId = (xs: InventoryOutlook['spools']) => [...xs].sort((x, y) => Number(x.spoolId) - Number(y.spoolId))
        expect(byId(b.spools)).toEqual(byId(a.spools))
      }),
    )
  })
})
