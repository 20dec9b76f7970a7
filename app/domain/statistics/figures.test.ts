import { describe, expect, test } from 'vitest'
import { availableIntervals, calendarPreset } from '../printers/calendar'
import { totalDurationMs } from '../time/intervals'
import { availableMsByPrinter, fillDays, materialBreakdown, outputTotals, printerStatistics, scrapRatePct, topProducts, type ProductOutput } from './figures'

const day = (date: string, goodUnits: number, scrapUnits: number, jobs = 1, failedJobs = 0, gramsMg = 0) => ({ date, goodUnits, scrapUnits, jobs, failedJobs, gramsMg })

describe('units and scrap per day', () => {
  test('every day of the period in order, missing days as zeros, rows outside the period ignored', () => {
    const days = fillDays(['2026-11-23', '2026-11-24', '2026-11-25'], [day('2026-11-25', 9, 1), day('2026-11-23', 4, 0), day('2026-11-30', 100, 100)])
    expect(days.map((d) => [d.date, d.goodUnits, d.scrapUnits, d.scrapRatePct])).toEqual([
      ['2026-11-23', 4, 0, 0],
      ['2026-11-24', 0, 0, null],
      ['2026-11-25', 9, 1, 10],
    ])
  })

  test('scrap rate = scrap ÷ (good + scrap); none recorded → no rate', () => {
    expect(scrapRatePct(3, 1)).toBe(25)
    expect(scrapRatePct(0, 4)).toBe(100)
    expect(scrapRatePct(0, 0)).toBeNull()
  })

  test('totals add the days and take the rate of the sums, not the mean of the daily rates', () => {
    const t = outputTotals([day('a', 9, 1, 2, 0, 1500), day('b', 1, 1, 1, 1, 200)])
    expect(t).toEqual({ goodUnits: 10, scrapUnits: 2, jobs: 3, failedJobs: 1, gramsMg: 1700, scrapRatePct: (2 * 100) / 12 })
  })
})

describe('material usage', () => {
  test('pools labels like the inventory (case, spaces), rolls up per material, most grams first', () => {
    const b = materialBreakdown([
      { material: 'PLA', colour: 'Black', colourHex: '#111111', gramsMg: 1_000_000, jobs: 2 },
      { material: 'pla ', colour: 'black', colourHex: null, gramsMg: 500_500, jobs: 1 },
      { material: 'PLA', colour: 'White', colourHex: '#ffffff', gramsMg: 200_000, jobs: 1 },
      { material: 'PETG', colour: 'Red', colourHex: null, gramsMg: 2_000_000, jobs: 3 },
    ])
    expect(b.totalMg).toBe(3_700_500)
    expect(b.byMaterial).toEqual([
      { material: 'PETG', gramsMg: 2_000_000, jobs: 3 },
      { material: 'PLA', gramsMg: 1_700_500, jobs: 4 },
    ])
    expect(b.byMaterialColour.map((p) => [p.material, p.colour, p.colourHex, p.gramsMg, p.jobs])).toEqual([
      ['PETG', 'Red', null, 2_000_000, 3],
      ['PLA', 'Black', '#111111', 1_500_500, 3],
      ['PLA', 'White', '#ffffff', 200_000, 1],
    ])
  })
})

describe('top products', () => {
  const p = (name: string, goodUnits: number, gramsMg: number): ProductOutput => ({ productId: name, name, photoId: null, goodUnits, scrapUnits: 0, gramsMg, jobs: 1 })
  test('five by good units and five by grams, ties by name, zeros not ranked', () => {
    const rows = [p('F', 1, 9), p('A', 5, 1), p('B', 5, 2), p('C', 3, 8), p('D', 2, 7), p('E', 4, 0), p('G', 0, 100)]
    const top = topProducts(rows)
    expect(top.byUnits.map((x) => x.name)).toEqual(['A', 'B', 'E', 'C', 'D'])
    expect(top.byGrams.map((x) => x.name)).toEqual(['G', 'F', 'C', 'D', 'B'])
  })
})

describe('printer utilisation', () => {
  test('print ÷ available per printer and for the fleet; printers without rows are zeros; no available time → no %', () => {
    const H = 3_600_000
    const { printers, fleet } = printerStatistics(
      [
        { printerId: 'a', assetId: 'A', name: 'a', availableMs: 10 * H },
        { printerId: 'b', assetId: 'B', name: 'b', availableMs: 0 },
        { printerId: 'c', assetId: 'C', name: 'c', availableMs: 10 * H },
      ],
      [
        { printerId: 'a', printMs: 5 * H, jobsRun: 2, jobsEnded: { done: 1, failed: 1, cancelled: 0 }, goodUnits: 4, scrapUnits: 1 },
        { printerId: 'b', printMs: 1 * H, jobsRun: 1, jobsEnded: { done: 1, failed: 0, cancelled: 0 }, goodUnits: 2, scrapUnits: 0 },
        { printerId: 'zz', printMs: 9 * H, jobsRun: 9, jobsEnded: { done: 9, failed: 0, cancelled: 0 }, goodUnits: 9, scrapUnits: 0 },
      ],
    )
    expect(printers.map((x) => [x.printerId, x.printHours, x.utilisationPct, x.jobsRun])).toEqual([
      ['a', 5, 50, 2],
      ['b', 1, null, 1],
      ['c', 0, 0, 0],
    ])
    expect(fleet).toMatchObject({ printerCount: 3, printHours: 6, availableHours: 20, utilisationPct: 30, jobsRun: 3, goodUnits: 6, scrapUnits: 1 })
  })

  test('available time per printer equals the printers module computed printer by printer', () => {
    const from = new Date('2026-11-22T15:00:00Z')
    const to = new Date('2026-11-29T15:00:00Z')
    const window = { start: new Date('2026-11-24T02:00:00Z'), end: new Date('2026-11-24T05:30:00Z') }
    const input = [
      { printerId: 'a', calendar: calendarPreset('weekdays_09_21'), status: 'active' as const, windows: [window] },
      { printerId: 'b', calendar: calendarPreset('weekdays_09_21'), status: 'active' as const, windows: [] },
      { printerId: 'c', calendar: calendarPreset('always'), status: 'active' as const, windows: [window] },
      { printerId: 'd', calendar: calendarPreset('always'), status: 'maintenance' as const, windows: [] },
    ]
    const got = availableMsByPrinter(input, from, to, 'Asia/Seoul')
    for (const p of input) {
      const expected = totalDurationMs(availableIntervals({ calendar: p.calendar, status: p.status, maintenanceWindows: p.windows, from, to, timeZone: 'Asia/Seoul' }))
      expect(got.get(p.printerId), p.printerId).toBe(expected)
    }
    expect(got.get('b')).toBe(5 * 12 * 3_600_000)
    expect(got.get('a')).toBe(5 * 12 * 3_600_000 - 3.5 * 3_600_000)
    expect(got.get('d')).toBe(0)
  })
})
