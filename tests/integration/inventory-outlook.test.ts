import Papa from 'papaparse'
import { describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { filaments, spools } from '~db/schema'
import { plannedFilamentUse } from '~/models/inventory/outlook.server'
import * as exportOutlook from '~/routes/inventory.export.outlook'
import * as exportSpools from '~/routes/inventory.export.spools'
import * as labels from '~/routes/inventory.labels'
import * as outlookPage from '~/routes/inventory.outlook'
import { csvResponse, neutraliseCell, toCsv } from '~/utils/csv.server'
import { makeRequest, makeUser, run, sessionFor } from '../support/app'

let seq = 0
async function viewer() {
  return sessionFor((await makeUser('viewer')).id)
}

/** A filament with spools straight in the database (grams as numeric text). */
async function stock(colourName: string, spoolGrams: string[], extra: Partial<typeof filaments.$inferInsert> = {}) {
  const [f] = await db
    .insert(filaments)
    .values({ material: 'PETG', colourName, colourHex: '#0a0a0a', brand: `Brand${++seq}`, ...extra })
    .returning()
  const ids: string[] = []
  for (const [i, g] of spoolGrams.entries()) {
    const [s] = await db
      .insert(spools)
      .values({ filamentId: f.id, batch: `A${i + 1}`, initialNetGrams: g, remainingGrams: g, tareGrams: '200.0', receivedOn: `2026-01-0${i + 1}` })
      .returning({ id: spools.id })
    ids.push(s.id)
  }
  return { filament: f, spoolIds: ids }
}

type Group = { key: string; colour: string; status: string; onHandMg: number; plannedUseMg: number; shortfallMg: number; runsOutOn: { jobId: string; localDate: string } | null; spools: { id: string; estimatedMg: number }[] }
type OutlookData = { groups: Group[]; check: { errors: Record<string, string[]>; poolKey: string | null }; plannedJobCount: number }

async function outlook(query: string) {
  const res = await run(() => outlookPage.loader({ request: makeRequest(`/inventory/outlook${query}`, { cookie: cookieJar.c }), params: {}, context: {} }))
  expect(res.status).toBe(200)
  return res.data as OutlookData
}
const cookieJar = { c: '' }

describe('projected outlook and "is there enough for this job?"', () => {
  test('there is no plan yet: plannedFilamentUse is empty and every pool shows its stock as sufficient', async () => {
    cookieJar.c = await viewer()
    expect(await plannedFilamentUse()).toEqual([])
    await stock('Outlook Grey', ['500.0', '300.0'])
    const data = await outlook('')
    expect(data.plannedJobCount).toBe(0)
    expect(data.groups.find((g) => g.colour === 'Outlook Grey')).toMatchObject({ status: 'sufficient', onHandMg: 800_000, plannedUseMg: 0, runsOutOn: null })
  })

  test('a job above the stock turns the pool short, with the shortfall, the date and the job where it runs out', async () => {
    cookieJar.c = await viewer()
    const { filament, spoolIds } = await stock('Outlook Black', ['300.0', '700.0'])
    // another brand of the same material + colour is pooled with it
    await stock('outlook black', ['100.0'], { material: 'petg' })
    const data = await outlook(`?filament=${filament.id}&grams=1500&date=2026-12-24`)
    const g = data.groups.find((x) => x.key === data.check.poolKey)!
    expect(g).toMatchObject({ status: 'short', onHandMg: 1_100_000, plannedUseMg: 1_500_000, shortfallMg: 400_000, runsOutOn: { jobId: 'check', localDate: '2026-12-24' } })
    // FIFO estimate per spool: all three emptied
    expect(g.spools.filter((s) => spoolIds.includes(s.id)).map((s) => s.estimatedMg)).toEqual([0, 0])

    const ok = await outlook(`?filament=${filament.id}&units=10&gramsPerUnit=33.33&date=2026-12-24`)
    // 10 × 33.33 g = 333.3 g
    expect(ok.groups.find((x) => x.key === ok.check.poolKey)).toMatchObject({ status: 'sufficient', plannedUseMg: 333_300, shortfallMg: 0, runsOutOn: null })
  })

  test('bad check input gives field errors and adds no job', async () => {
    cookieJar.c = await viewer()
    const { filament } = await stock('Outlook White', ['100.0'])
    const cases: [string, string, string][] = [
      ['?filament=nope&grams=10', 'filament', 'inventory.error.unknownFilament'],
      [`?filament=${filament.id}&grams=-10`, 'grams', 'inventory.error.gramsNegative'],
      [`?filament=${filament.id}&grams=10.55`, 'grams', 'inventory.error.gramsDecimals'],
      [`?filament=${filament.id}&grams=ten`, 'grams', 'inventory.error.gramsNumber'],
      [`?filament=${filament.id}`, 'grams', 'inventory.error.gramsOrUnits'],
      [`?filament=${filament.id}&units=1.5&gramsPerUnit=3`, 'units', 'inventory.error.units'],
      [`?filament=${filament.id}&grams=10&date=2026-02-30`, 'date', 'inventory.error.date'],
    ]
    for (const [q, field, key] of cases) {
      const data = await outlook(q)
      expect(data.check.errors[field], q).toEqual([key])
      expect(data.check.poolKey).toBeNull()
      expect(data.groups.every((g) => g.plannedUseMg === 0), q).toBe(true)
    }
  })
})

describe('exports and labels', () => {
  test('the CSV helper neutralises formula cells, keeps numbers numeric and escapes quotes, commas and line breaks', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseCell(bad)).toBe(`'${bad}`)
    expect(neutraliseCell('PLA')).toBe('PLA')
    const csv = toCsv(
      [
        { header: 'a', value: (r: { a: string; n: number | null }) => r.a },
        { header: '=b', value: (r) => r.n },
      ],
      [
        { a: '=HYPERLINK("http://x")', n: -3.5 },
        { a: 'line\nbreak, "quoted"', n: null },
      ],
    )
    expect(csv.split('\r\n')[0]).toBe(`a,'=b`)
    expect(Papa.parse<string[]>(csv).data).toEqual([
      ['a', "'=b"],
      ['\'=HYPERLINK("http://x")', '-3.5'],
      ['line\nbreak, "quoted"', ''],
    ])
    const res = csvResponse('재고.csv', 'x')
    expect(res.headers.get('Content-Disposition')).toContain("filename*=UTF-8''%EC%9E%AC%EA%B3%A0.csv")
  })

  test('the spool export is UTF-8 with a BOM, Korean headers, grams as numbers and neutralised text', async () => {
    const cookie = await viewer()
    await stock('=cmd|calc', ['1234.5'])
    const res = await exportSpools.loader({ request: makeRequest('/inventory/export/spools?status=all', { cookie }), params: {}, context: {} })
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes).slice(1)
    const rows = Papa.parse<string[]>(text.trim()).data
    expect(rows[0]).toContain('재질')
    const row = rows.find((r) => r.includes("'=cmd|calc"))!
    expect(row).toContain('1234.5')
    expect(row).toContain('사용 중')
  })

  test('the outlook export follows the check and says where it runs short', async () => {
    const cookie = await viewer()
    const { filament } = await stock('Export Blue', ['100.0'])
    const res = await exportOutlook.loader({ request: makeRequest(`/inventory/export/outlook?filament=${filament.id}&grams=150&date=2026-12-01`, { cookie }), params: {}, context: {} })
    const rows = Papa.parse<string[]>((await res.text()).slice(1).trim()).data
    const row = rows.find((r) => r[1] === 'Export Blue')!
    expect(row).toEqual(['PETG', 'Export Blue', '#0a0a0a', '부족', '100', '150', '-50', '50', '0', '2026-12-01', '이 작업'])
  })

  test('labels carry material, batch, net weight and a QR code (SVG) for each spool of a selection', async () => {
    const cookie = await viewer()
    const { spoolIds } = await stock('Label Green', ['750.0', '250.0'])
    const res = await run(() => labels.loader({ request: makeRequest(`/inventory/labels?ids=${spoolIds[0]}&ids=${spoolIds[1]}`, { cookie }), params: {}, context: {} }))
    const data = res.data as { labels: { id: string; batch: string; initialNetMg: number; url: string; qr: string }[] }
    expect(data.labels.map((l) => [l.batch, l.initialNetMg])).toEqual([
      ['A1', 750_000],
      ['A2', 250_000],
    ])
    expect(data.labels[0].url).toBe(`http://localhost/inventory/spools/${data.labels[0].id}`)
    expect(data.labels[0].qr).toMatch(/^<svg[^>]*viewBox/)
  })
})
