/** When printers can print: their calendars minus maintenance windows, for the plan, the slot checks and the Gantt. */
import { and, asc, gt, inArray, lt, ne } from 'drizzle-orm'
import type { DbOrTx } from '~db/client.server'
import { maintenanceWindows, printers } from '~db/schema'
import { availableIntervals, type PrinterStatus, type WeeklyCalendar } from '~/domain/printers/calendar'
import { env } from '~/utils/env.server'

interface PrinterRowLite {
  id: string
  name: string
  assetId: string
  materials: string[]
  status: PrinterStatus
  calendar: WeeklyCalendar
  changeoverMinutes: number
}

async function loadPrinters(tx: DbOrTx): Promise<PrinterRowLite[]> {
  return tx
    .select({
      id: printers.id,
      name: printers.name,
      assetId: printers.assetId,
      materials: printers.materials,
      status: printers.status,
      calendar: printers.calendar,
      changeoverMinutes: printers.changeoverMinutes,
    })
    .from(printers)
    .where(ne(printers.status, 'retired'))
    .orderBy(asc(printers.assetId))
}

/** Maintenance windows touching [from, to), by printer id. */
export async function windowsByPrinter(tx: DbOrTx, printerIds: string[], from: Date, to: Date) {
  const out = new Map<string, Array<{ start: Date; end: Date; reason: string }>>()
  if (!printerIds.length) return out
  const rows = await tx
    .select({ printerId: maintenanceWindows.printerId, start: maintenanceWindows.startsAt, end: maintenanceWindows.endsAt, reason: maintenanceWindows.reason })
    .from(maintenanceWindows)
    .where(and(inArray(maintenanceWindows.printerId, printerIds), lt(maintenanceWindows.startsAt, to), gt(maintenanceWindows.endsAt, from)))
  for (const r of rows) out.set(r.printerId, [...(out.get(r.printerId) ?? []), { start: r.start, end: r.end, reason: r.reason }])
  return out
}

/** Available intervals of each printer in [from, to): calendar minus maintenance windows (status must be active). */
export async function printerAvailability(tx: DbOrTx, from: Date, to: Date, printerIds?: string[]) {
  const all = await loadPrinters(tx)
  const list = printerIds ? all.filter((p) => printerIds.includes(p.id)) : all
  const windows = await windowsByPrinter(
    tx,
    list.map((p) => p.id),
    from,
    to,
  )
  const timeZone = env().SHOP_TIME_ZONE
  return list.map((p) => ({
    printer: p,
    windows: windows.get(p.id) ?? [],
    available: availableIntervals({ calendar: p.calendar, status: p.status, maintenanceWindows: windows.get(p.id) ?? [], from, to, timeZone }),
  }))
}
