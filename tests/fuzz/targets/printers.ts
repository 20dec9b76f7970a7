/** Fuzz targets of the printer pages (POST rows of tests/support/authz/printers.ts). */
import { eq } from 'drizzle-orm'
import { expect } from 'vitest'
import { db } from '~db/client.server'
import { maintenanceLog, maintenanceWindows, printers } from '~db/schema'
import { calendarPreset, MAINTENANCE_TYPES, WEEKDAYS, type CalendarPresetId } from '~/domain/printers'
import { parseMaterials } from '~/components/printers/schemas'
import * as printerPage from '~/routes/printers.$printerId/route'
import * as newPrinter from '~/routes/printers.new'
import * as printersIndex from '~/routes/printers._index'
import { autoRecordPrints } from '~/models/printers/live/prints.server'
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

/** A printer at 120 h with one nozzle change logged at 100 h yesterday; `removed`: a planner took it out of the history. */
function entryFixture(removed: boolean) {
  return async (): Promise<Ctx> => {
    const { printer } = await printerFixture()
    await db.update(printers).set({ printHours: '120' }).where(eq(printers.id, printer))
    const [e] = await db
      .insert(maintenanceLog)
      .values({ printerId: printer, type: 'nozzle_change', performedOn: '2026-01-05', printHours: '100', performedByName: 'fixture', ...(removed ? { removedAt: new Date(), removedByName: 'fixture' } : {}) })
      .returning({ id: maintenanceLog.id })
    return { printer, entryId: e.id }
  }
}

async function entryRow(id: string) {
  const [e] = await db.select().from(maintenanceLog).where(eq(maintenanceLog.id, id))
  return e
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
  // '-0' is 0 minutes (`+ 0` turns -0 into 0, which toBe would tell apart).
  expect(p.changeoverMinutes).toBe(trimmed(sent.get('changeoverMinutes')) === '' ? 10 : Number(sent.get('changeoverMinutes')) + 0)
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
  onPrinter('job-start'),
  onPrinter('job-finish'),
  onPrinter('job-fail'),
  onPrinter('print-link'),
  {
    row: rowOf('printers._index', 'auto-record'),
    mod: printersIndex,
    readBack: async (sent) => expect(await autoRecordPrints()).toBe(sent.get('enabled') === 'on'),
  },
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
  // A planner's corrections of a log entry: `version` is the entry's. A removed entry (or a restored one) has moved on.
  onPrinter('correct-entry', {
    fixture: entryFixture(false),
    context: async (f) => ({ ...f, version: await versionOf('maintenance_log', f.entryId) }),
    readBack: async (sent, answer) => {
      if (!answer.toast?.key.startsWith('printers.entry.corrected')) return
      const e = await entryRow(sent.ctx.entryId)
      expect(e.type).toBe(sent.get('type'))
      expect(e.performedOn).toBe(sent.get('performedOn'))
      expect(Number(e.printHours)).toBeCloseTo(Number(sent.get('printHours')), 1)
      expect(e.parts).toBe(trimmed(sent.get('parts')))
      expect(e.note).toBe(trimmed(sent.get('note')))
      // The counter is an odometer: at least the entry's hours, never below the fixture's 120.
      expect(Number((await printerRow(sent.ctx.printer)).printHours)).toBeGreaterThanOrEqual(Math.max(120, Number(e.printHours)))
    },
  }),
  onPrinter('remove-entry', {
    fixture: entryFixture(false),
    context: async (f) => ({ ...f, version: await versionOf('maintenance_log', f.entryId) }),
    renew: true,
    readBack: async (sent) => {
      expect((await entryRow(sent.ctx.entryId)).removedAt).toBeInstanceOf(Date)
      expect((await printerRow(sent.ctx.printer)).printHours).toBe('120.0')
    },
  }),
  onPrinter('restore-entry', {
    fixture: entryFixture(true),
    context: async (f) => ({ ...f, version: await versionOf('maintenance_log', f.entryId) }),
    renew: true,
    readBack: async (sent) => expect((await entryRow(sent.ctx.entryId)).removedAt).toBeNull(),
  }),
  onPrinter('add-window'),
  // A deleted window is gone: the next input gets a fresh printer with one.
  onPrinter('delete-window', {
    renew: true,
    readBack: async (sent) => expect(await db.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, sent.ctx.windowId))).toEqual([]),
  }),
]
