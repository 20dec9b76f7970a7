/** The printer record as the printers model hands it out, its column set, and the locked read + versioned write every change uses. */
import { eq, sql } from 'drizzle-orm'
import type { DbOrTx } from '~db/client.server'
import { printers } from '~db/schema'
import type { PrinterStatus, WeeklyCalendar } from '~/domain/printers'

export interface PrinterView {
  id: string
  assetId: string
  name: string
  model: string
  serial: string
  purchaseDate: string | null
  location: string
  nozzleDiameterMm: string
  materials: string[]
  status: PrinterStatus
  calendar: WeeklyCalendar
  printHours: number
  changeoverMinutes: number
  createdAt: Date
  updatedAt: Date
  version: number
}

export const printerColumns = {
  id: printers.id,
  assetId: printers.assetId,
  name: printers.name,
  model: printers.model,
  serial: printers.serial,
  purchaseDate: printers.purchaseDate,
  location: printers.location,
  nozzleDiameterMm: printers.nozzleDiameterMm,
  materials: printers.materials,
  status: printers.status,
  calendar: printers.calendar,
  printHours: printers.printHours,
  changeoverMinutes: printers.changeoverMinutes,
  createdAt: printers.createdAt,
  updatedAt: printers.updatedAt,
  version: printers.version,
}

type PrinterRow = Omit<PrinterView, 'printHours'> & { printHours: string }

export const toView = (r: PrinterRow): PrinterView => ({ ...r, printHours: Number(r.printHours) })

export type PrinterChangeResult =
  | { ok: true; printer: PrinterView }
  | { ok: false; reason: 'not_found' | 'conflict' | 'asset_id_taken'; current?: PrinterView }

/** Locks the printer row and checks the caller's version (optimistic concurrency, as for users). */
export async function lockForChange(tx: DbOrTx, id: string, version: number) {
  const rows = await tx.select(printerColumns).from(printers).where(eq(printers.id, id)).for('update')
  const before = rows[0] ? toView(rows[0]) : null
  if (!before) return { ok: false as const, reason: 'not_found' as const }
  if (before.version !== version) return { ok: false as const, reason: 'conflict' as const, current: before }
  return { ok: true as const, before }
}

/** Writes the printer row with a new version and returns it. */
export async function bump(tx: DbOrTx, id: string, set: Partial<typeof printers.$inferInsert>) {
  const [row] = await tx
    .update(printers)
    .set({ ...set, updatedAt: sql`now()`, version: sql`${printers.version} + 1` })
    .where(eq(printers.id, id))
    .returning(printerColumns)
  return toView(row)
}
