/**
 * Statistics figures against hand-computed values on a small seeded week (shop zone Asia/Seoul, UTC+9, no DST), on PGlite
 * and — with TEST_DATABASE_URL — on PostgreSQL. Local times below are shop time; `local(d, hh, mm)` turns them into
 * instants. The period is Monday 2030-03-04 … Sunday 2030-03-10 = [2030-03-03T15:00Z, 2030-03-10T15:00Z).
 *
 * Jobs (product · printer · status · local start → end · good / scrap / grams · material colour):
 *   J0  A · P1 · done      Sun 03-03 20:00 → 23:59      4/0/50.0   PLA Black   before the period
 *   J8  D · P2 · done      Sun 03-03 22:00 → Mon 00:00  2/0/5.0    PLA White   ends exactly at the start: counts (Mon)
 *   J1  A · P1 · done      Mon 10:00 → 12:00            4/0/50.0   PLA Black
 *   J2  A · P1 · failed    Tue 10:00 → 11:00            1/3/30.5   PLA Black   a failed print's good and scrap count
 *   J3  B · P2 · done      Wed 13:00 → 15:00            3/1/40.0   PLA White
 *   J7  A · P2 · done      Thu 09:00 → 10:00            4/0/10.0   pla BLACK   no filament: pooled with PLA Black
 *   J6  F · P1 · cancelled Thu 12:00 → 13:00          100/0/999.0 PETG Red    (hand-made anomaly) never counts as output
 *   J9  E · P2 · done      Fri 09:00 → 09:30            1/0/1.0    PETG Red
 *   J10 F · P2 · done      Sat 09:00 → 09:30            1/0/30.0   PETG Red
 *   J4  C · P1 · done      Sun 03-10 22:00 → 23:30      2/0/20.0   PETG Red    ends 23:30 on the last day: counts
 *   J5  C · P1 · done      Sun 03-10 23:40 → Mon 00:10  4/0/99.9   PETG Red    ends 00:10 the next day: no output
 *   J11 B · P1 · cancelled (never started) · J12 B · P2 · planned · J13 B · P2 · printing since Sun 03-10 21:00
 * Printers: P1 24/7 with a 4 h maintenance window (Wed 10:00–14:00), P2 09:00–21:00 daily, P3 in maintenance.
 */
import { asc, ne } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { filaments, printJobs } from '~db/schema'
import { availableIntervals, computeUtilisation, type JobRunStatus } from '~/domain/printers'
import { resolveStatisticsPeriod } from '~/domain/statistics'
import { zonedDateTimeToInstant } from '~/domain/time/zoned'
import { listWindows } from '~/models/printers/windows.server'
import { dailyFigures, materialUse, printerFigures, productOutput, statisticsOverview } from '~/models/statistics.server'
import { materialBreakdown, topProducts } from '~/domain/statistics'
import * as exportRoute from '~/routes/statistics.export'
import * as page from '~/routes/statistics._index'
import { callLoader, makeRequest, makeUser, sessionFor } from '../support/app'
import { makeImage } from '../support/authz/orders'
import { allDay, dayShift, insertJob, makeOrder, makePrinter, makeProduct, makeWindow, resetScheduling } from '../support/scheduling-fixtures'

const TZ = 'Asia/Seoul'
const local = (date: string, hh: number, mm = 0) => zonedDateTimeToInstant(date, hh * 60 + mm, TZ)
const { period } = resolveStatisticsPeriod({ period: 'custom', from: '2030-03-04', to: '2030-03-10' }, '2030-03-11', TZ)
/** Monday after the period, 12:00 local: J13 is still printing. */
const NOW = local('2030-03-11', 12)
const H = 3_600_000

let ids: Record<string, string> = {}
let photoId = ''

beforeAll(async () => {
  await resetScheduling()
  const fil = await db
    .insert(filaments)
    .values([
      { material: 'PLA', colourName: 'Black', colourHex: '#111111', brand: 'S' },
      { material: 'PLA', colourName: 'White', colourHex: '#f5f5f5', brand: 'S' },
      { material: 'PETG', colourName: 'Red', colourHex: '#dc2626', brand: 'S' },
    ])
    .returning()
  const [black, white, red] = fil
  photoId = await makeImage()
  const product = async (name: string, f: typeof black, extra = {}) => makeProduct(f.id, { name, unitsPerPlate: 4, ...extra })
  const A = await product('Stat A', black, { photoId })
  const B = await product('Stat B', white)
  const C = await product('Stat C', red)
  const D = await product('Stat D', white)
  const E = await product('Stat E', red)
  const F = await product('Stat F', red, { unitsPerPlate: 100 })
  const p1 = await makePrinter({ calendar: allDay })
  const p2 = await makePrinter({ calendar: dayShift() })
  const p3 = await makePrinter({ calendar: allDay, status: 'maintenance' })
  await makeWindow(p1.id, local('2030-03-06', 10), local('2030-03-06', 14))
  const order = async (p: typeof A) => (await makeOrder(p.id, { targetQuantity: 1000 })).id
  const job = async (
    p: typeof A,
    printerId: string,
    status: 'done' | 'failed' | 'cancelled' | 'planned' | 'printing',
    start: Date,
    end: Date,
    out: { good?: number; scrap?: number; grams?: string; material?: string; colour?: string; filamentId?: string | null } = {},
  ) => {
    const f = [black, white, red].find((x) => x.id === p.filamentId)!
    const ran = status !== 'planned' && !(status === 'cancelled' && out.good === undefined)
    const row = await insertJob({
      orderId: await order(p),
      product: p,
      printerId,
      startsAt: start,
      endsAt: end,
      filament: f,
      status,
      extra: {
        actualStart: ran ? start : null,
        actualEnd: ran && status !== 'printing' ? end : null,
        goodUnits: out.good ?? null,
        scrapUnits: out.scrap ?? (out.good !== undefined ? 0 : null),
        gramsUsed: out.grams ?? null,
        ...(out.material ? { material: out.material } : {}),
        ...(out.colour ? { colour: out.colour } : {}),
        ...(out.filamentId !== undefined ? { filamentId: out.filamentId } : {}),
      },
    })
    return row.id
  }
  ids = {
    A: A.id,
    B: B.id,
    C: C.id,
    D: D.id,
    E: E.id,
    F: F.id,
    p1: p1.id,
    p2: p2.id,
    p3: p3.id,
    J0: await job(A, p1.id, 'done', local('2030-03-03', 20), local('2030-03-03', 23, 59), { good: 4, grams: '50.0' }),
    J8: await job(D, p2.id, 'done', local('2030-03-03', 22), local('2030-03-04', 0), { good: 2, grams: '5.0' }),
    J1: await job(A, p1.id, 'done', local('2030-03-04', 10), local('2030-03-04', 12), { good: 4, grams: '50.0' }),
    J2: await job(A, p1.id, 'failed', local('2030-03-05', 10), local('2030-03-05', 11), { good: 1, scrap: 3, grams: '30.5' }),
    J3: await job(B, p2.id, 'done', local('2030-03-06', 13), local('2030-03-06', 15), { good: 3, scrap: 1, grams: '40.0' }),
    J7: await job(A, p2.id, 'done', local('2030-03-07', 9), local('2030-03-07', 10), { good: 4, grams: '10.0', material: 'pla', colour: 'BLACK', filamentId: null }),
    J6: await job(F, p1.id, 'cancelled', local('2030-03-07', 12), local('2030-03-07', 13), { good: 100, grams: '999.0' }),
    J9: await job(E, p2.id, 'done', local('2030-03-08', 9), local('2030-03-08', 9, 30), { good: 1, grams: '1.0' }),
    J10: await job(F, p2.id, 'done', local('2030-03-09', 9), local('2030-03-09', 9, 30), { good: 1, grams: '30.0' }),
    J4: await job(C, p1.id, 'done', local('2030-03-10', 22), local('2030-03-10', 23, 30), { good: 2, grams: '20.0' }),
    J5: await job(C, p1.id, 'done', local('2030-03-10', 23, 40), local('2030-03-11', 0, 10), { good: 4, grams: '99.9' }),
    J11: await job(B, p1.id, 'cancelled', local('2030-03-08', 10), local('2030-03-08', 11)),
    J12: await job(B, p2.id, 'planned', local('2030-03-10', 10), local('2030-03-10', 11)),
    J13: await job(B, p2.id, 'printing', local('2030-03-10', 21), local('2030-03-11', 1)),
  }
})

const g = (grams: number) => Math.round(grams * 1000)

describe('units, scrap and grams per day', () => {
  test('each shop-local day of the period, by the day a recorded job ended; cancelled, planned and printing jobs never count', async () => {
    const days = await dailyFigures(period, TZ)
    expect(days.map((d) => [d.date, d.goodUnits, d.scrapUnits, d.jobs, d.failedJobs, d.gramsMg])).toEqual([
      ['2030-03-04', 6, 0, 2, 0, g(55)],
      ['2030-03-05', 1, 3, 1, 1, g(30.5)],
      ['2030-03-06', 3, 1, 1, 0, g(40)],
      ['2030-03-07', 4, 0, 1, 0, g(10)],
      ['2030-03-08', 1, 0, 1, 0, g(1)],
      ['2030-03-09', 1, 0, 1, 0, g(30)],
      ['2030-03-10', 2, 0, 1, 0, g(20)],
    ])
    expect(days.map((d) => d.scrapRatePct)).toEqual([0, 75, 25, 0, 0, 0, 0])
  })

  test('period edges in the shop zone: 23:30 on the last day is in, 00:10 the next day and 23:59 the day before are out', async () => {
    const lastDay = await dailyFigures(resolveStatisticsPeriod({ from: '2030-03-10', to: '2030-03-10' }, '2030-03-11', TZ).period, TZ)
    expect(lastDay).toMatchObject([{ date: '2030-03-10', goodUnits: 2, jobs: 1 }])
    const nextDay = await dailyFigures(resolveStatisticsPeriod({ from: '2030-03-11', to: '2030-03-11' }, '2030-03-11', TZ).period, TZ)
    expect(nextDay).toMatchObject([{ date: '2030-03-11', goodUnits: 4, jobs: 1, gramsMg: g(99.9) }])
    const dayBefore = await dailyFigures(resolveStatisticsPeriod({ from: '2030-03-03', to: '2030-03-03' }, '2030-03-11', TZ).period, TZ)
    expect(dayBefore).toMatchObject([{ date: '2030-03-03', goodUnits: 4, jobs: 1 }])
  })

  test('totals of the period: 18 good, 4 scrap (rate 4 ÷ 22), 8 jobs of which 1 failed, 186.5 g', async () => {
    const s = await statisticsOverview({ period, now: NOW, timeZone: TZ })
    expect(s.totals).toEqual({ goodUnits: 18, scrapUnits: 4, jobs: 8, failedJobs: 1, gramsMg: g(186.5), scrapRatePct: (4 * 100) / 22 })
  })
})

describe('material usage', () => {
  test('grams by material and by material + colour (labels pooled under the most used spelling, each pair with its filament colour)', async () => {
    const m = materialBreakdown(await materialUse(period.from, period.to))
    expect(m.totalMg).toBe(g(186.5))
    expect(m.byMaterial.map((x) => [x.material, x.gramsMg, x.jobs])).toEqual([
      ['PLA', g(135.5), 5],
      ['PETG', g(51), 3],
    ])
    expect(m.byMaterialColour.map((x) => [x.material, x.colour, x.colourHex, x.gramsMg, x.jobs])).toEqual([
      ['PLA', 'Black', '#111111', g(90.5), 3],
      ['PETG', 'Red', '#dc2626', g(51), 3],
      ['PLA', 'White', '#f5f5f5', g(45), 2],
    ])
  })
})

describe('top products', () => {
  test('five by good units and five by grams, with photos; cancelled output (F’s 100 units) is not counted', async () => {
    const top = topProducts(await productOutput(period.from, period.to))
    expect(top.byUnits.map((p) => [p.name, p.goodUnits])).toEqual([
      ['Stat A', 9],
      ['Stat B', 3],
      ['Stat C', 2],
      ['Stat D', 2],
      ['Stat E', 1],
    ])
    expect(top.byGrams.map((p) => [p.name, p.gramsMg])).toEqual([
      ['Stat A', g(90.5)],
      ['Stat B', g(40)],
      ['Stat F', g(30)],
      ['Stat C', g(20)],
      ['Stat D', g(5)],
    ])
    expect(top.byUnits[0]).toMatchObject({ photoId, scrapUnits: 3, jobs: 3 })
  })

  test('the SQL ranking returns only products in either top five', async () => {
    const rows = await productOutput(period.from, period.to)
    expect(rows.map((r) => r.name).sort()).toEqual(['Stat A', 'Stat B', 'Stat C', 'Stat D', 'Stat E', 'Stat F'])
    expect((await productOutput(period.from, period.to, 1)).map((r) => r.name).sort()).toEqual(['Stat A'])
  })
})

describe('printer utilisation', () => {
  test('hand-computed: print time clipped to the period, overlaps merged, units by actual end (printers module rules)', async () => {
    const { printers, fleet } = await printerFigures(period, NOW, TZ)
    const p1 = printers.find((p) => p.printerId === ids.p1)!
    const p2 = printers.find((p) => p.printerId === ids.p2)!
    const p3 = printers.find((p) => p.printerId === ids.p3)!
    // P1: J1 2 h + J2 1 h + J6 1 h + J4 1.5 h + J5's 20 min before midnight; 7 × 24 h − the 4 h window.
    expect(p1).toMatchObject({ printMs: 5 * H + 50 * 60_000, availableMs: 164 * H, jobsRun: 5, jobsEnded: { done: 2, failed: 1, cancelled: 1 }, goodUnits: 107, scrapUnits: 3 })
    expect(p1.utilisationPct).toBeCloseTo(((5 + 5 / 6) / 164) * 100, 10)
    // P2: J3 2 h + J7 1 h + J9 ½ h + J10 ½ h + J13 printing 21:00 → the period's end (3 h); J8 ends at the start (units only).
    expect(p2).toMatchObject({ printMs: 7 * H, availableMs: 84 * H, jobsRun: 5, jobsEnded: { done: 5, failed: 0, cancelled: 0 }, goodUnits: 11, scrapUnits: 1 })
    expect(p3).toMatchObject({ printMs: 0, availableMs: 0, jobsRun: 0, utilisationPct: null })
    expect(fleet).toMatchObject({ printerCount: 3, printMs: 12 * H + 50 * 60_000, availableMs: 248 * H, jobsRun: 10, goodUnits: 118, scrapUnits: 4 })
  })

  test('equals the printers module’s computeUtilisation over every job, printer by printer', async () => {
    const jobs = await db.select().from(printJobs).where(ne(printJobs.status, 'planned')).orderBy(asc(printJobs.startsAt))
    const { printers } = await printerFigures(period, NOW, TZ)
    const windows = await listWindows([ids.p1, ids.p2, ids.p3], period)
    const calendars = { [ids.p1]: allDay, [ids.p2]: dayShift(), [ids.p3]: allDay }
    const oracle = computeUtilisation({
      jobs: jobs.map((j) => ({ id: j.id, printerId: j.printerId, status: j.status as JobRunStatus, actualStart: j.actualStart, actualEnd: j.actualEnd, goodUnits: j.goodUnits ?? 0, scrapUnits: j.scrapUnits ?? 0 })),
      availability: [ids.p1, ids.p2, ids.p3].map((id) => ({
        printerId: id,
        intervals: availableIntervals({
          calendar: calendars[id],
          status: id === ids.p3 ? 'maintenance' : 'active',
          maintenanceWindows: windows.filter((w) => w.printerId === id).map((w) => ({ start: w.startsAt, end: w.endsAt })),
          from: period.from,
          to: period.to,
          timeZone: TZ,
        }),
      })),
      from: period.from,
      to: period.to,
      now: NOW,
    })
    for (const p of printers) {
      const o = oracle.printers.find((x) => x.printerId === p.printerId)!
      expect({ printMs: p.printMs, availableMs: p.availableMs, jobsRun: p.jobsRun, jobsEnded: p.jobsEnded, goodUnits: p.goodUnits, scrapUnits: p.scrapUnits }).toEqual({
        printMs: o.printMs,
        availableMs: o.availableMs,
        jobsRun: o.jobsRun,
        jobsEnded: o.jobsEnded,
        goodUnits: o.goodUnits,
        scrapUnits: o.scrapUnits,
      })
      expect(p.utilisationPct).toBe(o.utilisationPct)
    }
  })
})

describe('statistics page and CSV export', () => {
  let cookie = ''
  beforeAll(async () => {
    cookie = await sessionFor((await makeUser('viewer')).id)
  })

  test('the page loads the custom period from its GET form', async () => {
    const r = await callLoader(page, makeRequest('/statistics?period=custom&from=2030-03-04&to=2030-03-10', { cookie }))
    expect(r.status).toBe(200)
    const data = r.data as Awaited<ReturnType<typeof page.loader>>
    expect(data.notice).toBeNull()
    expect(data.period).toEqual({ kind: 'custom', firstDate: '2030-03-04', lastDate: '2030-03-10' })
    expect(data.totals).toMatchObject({ goodUnits: 18, scrapUnits: 4, gramsMg: g(186.5) })
    expect(data.top.byUnits[0].name).toBe('Stat A')
  })

  test('a bad query string is not an error: this week with a notice', async () => {
    for (const query of ['from=garbage', 'period=custom&from=2030-03-10&to=2030-03-01', 'period=decade', 'period=custom&from=2030-01-01&to=2030-12-31', 'from=%00%ff&to[]=x']) {
      const r = await callLoader(page, makeRequest(`/statistics?${query}`, { cookie }))
      expect(r.status, query).toBe(200)
      const data = r.data as Awaited<ReturnType<typeof page.loader>>
      expect(data.period.kind, query).toBe('week')
      expect(data.notice, query).not.toBeNull()
    }
  })

  test('CSV of the daily figures: one line per day, numbers as numbers, header in the reader’s language', async () => {
    const r = await callLoader(exportRoute, makeRequest('/statistics/export?kind=daily&period=custom&from=2030-03-04&to=2030-03-10', { cookie, headers: { 'Accept-Language': 'en' } }))
    expect(r.status).toBe(200)
    expect(r.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(r.headers.get('Content-Disposition')).toContain('statistics-daily-2030-03-04_2030-03-10.csv')
    const lines = String(r.data).replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe('Day,Good units,Scrap units,Scrap rate (%),Jobs,Failed,Filament used (g)')
    expect(lines.slice(1)).toEqual(['2030-03-04,6,0,0,2,0,55', '2030-03-05,1,3,75,1,1,30.5', '2030-03-06,3,1,25,1,0,40', '2030-03-07,4,0,0,1,0,10', '2030-03-08,1,0,0,1,0,1', '2030-03-09,1,0,0,1,0,30', '2030-03-10,2,0,0,1,0,20'])
  })

  test('CSV of materials, colours, products and printers', async () => {
    const csv = async (kind: string) => {
      const r = await callLoader(exportRoute, makeRequest(`/statistics/export?kind=${kind}&period=custom&from=2030-03-04&to=2030-03-10`, { cookie, headers: { 'Accept-Language': 'en' } }))
      expect(r.status, kind).toBe(200)
      return String(r.data).replace(/^\uFEFF/, '').split('\r\n')
    }
    expect((await csv('materials')).slice(1)).toEqual(['PLA,135.5,5', 'PETG,51,3'])
    expect((await csv('material-colours'))[1]).toBe('PLA,Black,#111111,90.5,3')
    const products = await csv('products')
    expect(products).toHaveLength(7)
    expect(products[1]).toBe('Stat A,9,3,90.5,3')
    const printersCsv = await csv('printers')
    expect(printersCsv[0]).toBe('Asset ID,Printer,Available hours,Print hours,Utilisation (%),Jobs run,Done,Failed,Good units,Scrap units')
    expect(printersCsv).toHaveLength(4)
  })

  test('an unknown export kind is a 400, not a 500', async () => {
    const r = await callLoader(exportRoute, makeRequest('/statistics/export?kind=everything', { cookie }))
    expect(r.status).toBe(400)
  })
})
