/** Fuzz targets of the printer pages (POST rows of tests/support/authz/printers.ts). */
import { eq } from 'drizzle-orm'
import { expect } from 'vitest'
import { db } from '~db/client.server'
import { maintenanceWindows, printers } from '~db/schema'
import { calendarPreset, MAINTENANCE_TYPES, WEEKDAYS, type CalendarPresetId } from '~/domain/printers'
import { parseMaterials } from '~/components/printers/schemas'
import * as printerPage from '~/routes/printers.$printerId/route'
import * as newPrinter from '~/routes/printers.new'
import type { Ctx, Sent, Target } from '../support/harness'
import { lastAudit, rowOf, trimmed, versionOf } from '../support/records'
import { ref } from '../support/values'

let seq = 0
/** A printer (24/7) with one maintenance window. */
async function printerFixture(): Promise<Ctx> {
  const [p] = await db
    .insert(printers)
    .values({ assetId: `FUZZ-${process.pid}-${++seq}`, name: 'Fuzz printer', calendar: calendarPreset('always') })
    .returning({ id: printers.id })
  const [w] = await db
    .insert(maintenanceWindows)
    .values({ printerId: p.id, startsAt: new Date('2030-01-01T00:00:00Z'), endsAt: new Date('2030-01-01T04:00:00Z'), reason: 'fixture' })
    .returning({ id: maintenanceWindows.id })
  return { printer: p.id, windowId: w.id }
}

/** Names the printer page builds at run time: the calendar's day0…day6 and the intervals' hours_<type>/days_<type>. */
const runtimeFields = [...WEEKDAYS.map((d) => `day${d}`), ...MAINTENANCE_TYPES.flatMap((t) => [`hours_${t}`, `days_${t}`])]

async function printerRow(id: string) {
  const [p] = await db.select().from(printers).where(eq(printers.id, id))
  return p
}

/** Stored = sent after the documented normalisation: trimmed texts, asset id upper-case, materials parsed, defaults. */
async function expectPrinterAsSent(id: string, sent: Sent) {
  const p = await printerRow(id)
  expect(p.assetId).toBe(trimmed(sent.get('assetId')).toUpperCase())
  expect(p.name).toBe(trimmed(sent.get('name')))
  expect(p.model).toBe(trimmed(sent.get('model')))
  expect(p.serial).toBe(trimmed(sent.get('serial')))
  expect(p.location).toBe(trimmed(sent.get('location')))
  expect(p.purchaseDate).toBe(sent.get('purchaseDate') || null)
  expect(Number(p.nozzleDiameterMm)).toBeCloseTo(Number(sent.get('nozzleDiameterMm')), 2)
  expect(p.materials).toEqual(parseMaterials(sent.get('materials') ?? ''))
  expect(p.status).toBe(sent.get('status'))
  expect(p.changeoverMinutes).toBe(trimmed(sent.get('changeoverMinutes')) === '' ? 10 : Number(sent.get('changeoverMinutes')))
  expect(Number(p.printHours)).toBeCloseTo(Number(sent.get('printHours')), 1)
  return p
}

const onPrinter = (intent: string, extra: Partial<Target> = {}): Target => ({
  row: rowOf('printers.$printerId', intent),
  mod: printerPage,
  extraFields: runtimeFields,
  fixture: printerFixture,
  context: async (f) => ({ ...f, version: await versionOf('printers', f.printer) }),
  ...extra,
})

export const printersTargets: Target[] = [
  {
    row: rowOf('printers.new'),
    mod: newPrinter,
    // Found by the fuzz: a NUL in a text field reached the insert (500); now a field error.
    examples: [[['assetId', 'P-1'], ['name', 'n\u0000ote'], ['nozzleDiameterMm', '0.4'], ['status', 'active'], ['printHours', '0'], ['preset', 'always'], ['location', 'a\u0000b']]],
    readBack: async (sent) => {
      const p = await expectPrinterAsSent((await lastAudit('printer.create')).entityId!, sent)
      expect(p.calendar).toEqual(calendarPreset(sent.get('preset') as CalendarPresetId))
      expect(p.version).toBe(1)
    },
  },
  onPrinter('save', { readBack: async (sent) => void (await expectPrinterAsSent(sent.ctx.printer, sent)) }),
  onPrinter('calendar'),
  onPrinter('calendar-preset', {
    readBack: async (sent) => expect((await printerRow(sent.ctx.printer)).calendar).toEqual(calendarPreset(sent.get('preset') as CalendarPresetId)),
  }),
  onPrinter('intervals', {
    // Found by the fuzz: 4.99e130 days passed "a positive whole number" and overflowed the integer column (500).
    examples: [
      [['intent', 'intervals'], ['version', ref('version')], ['days_lubrication', '4.992430969908023e+130']],
      [['intent', 'intervals'], ['version', ref('version')], ['hours_cleaning', '1e20']],
    ],
  }),
  onPrinter('log'),
  onPrinter('add-window'),
  // A deleted window is gone: the next input gets a fresh printer with one.
  onPrinter('delete-window', {
    renew: true,
    readBack: async (sent) => expect(await db.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, sent.ctx.windowId))).toEqual([]),
  }),
]
