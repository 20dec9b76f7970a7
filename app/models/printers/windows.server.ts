/** Maintenance windows: planned downtime of a printer (the scheduler and the availability figures leave it out). */
import { and, asc, eq, gt, inArray, lt } from 'drizzle-orm'
import { db } from '~db/client.server'
import { maintenanceWindows, printers } from '~db/schema'
import { audit, type Actor } from '~/utils/audit.server'
import { isUuid } from '~/utils/ids'

export interface MaintenanceWindowView {
  id: string
  startsAt: Date
  endsAt: Date
  reason: string
}

/** Windows of the printers that overlap [from, to) (all when no range is given), earliest first. */
export async function listWindows(
  printerIds: string[],
  range: { from?: Date; to?: Date } = {},
): Promise<Array<MaintenanceWindowView & { printerId: string }>> {
  if (printerIds.length === 0) return []
  return db
    .select({
      id: maintenanceWindows.id,
      printerId: maintenanceWindows.printerId,
      startsAt: maintenanceWindows.startsAt,
      endsAt: maintenanceWindows.endsAt,
      reason: maintenanceWindows.reason,
    })
    .from(maintenanceWindows)
    .where(
      and(
        inArray(maintenanceWindows.printerId, printerIds),
        range.to ? lt(maintenanceWindows.startsAt, range.to) : undefined,
        range.from ? gt(maintenanceWindows.endsAt, range.from) : undefined,
      ),
    )
    .orderBy(asc(maintenanceWindows.startsAt))
}

export async function addWindow(
  actor: Actor,
  printerId: string,
  input: { startsAt: Date; endsAt: Date; reason: string },
): Promise<{ ok: true; window: MaintenanceWindowView } | { ok: false; reason: 'not_found' }> {
  if (!isUuid(printerId)) return { ok: false, reason: 'not_found' }
  return db.transaction(async (tx) => {
    const exists = await tx.select({ id: printers.id }).from(printers).where(eq(printers.id, printerId))
    if (!exists[0]) return { ok: false as const, reason: 'not_found' as const }
    const [window] = await tx
      .insert(maintenanceWindows)
      .values({ printerId, ...input, createdBy: actor.id })
      .returning({ id: maintenanceWindows.id, startsAt: maintenanceWindows.startsAt, endsAt: maintenanceWindows.endsAt, reason: maintenanceWindows.reason })
    await audit(tx, actor, { action: 'printer.window_add', entityType: 'printer', entityId: printerId, after: window })
    return { ok: true as const, window }
  })
}

/** Deletes a window of this printer; the deleted window comes back so that the page can offer to add it again (Undo). */
export async function deleteWindow(actor: Actor, printerId: string, windowId: string): Promise<{ ok: true; window: MaintenanceWindowView } | { ok: false }> {
  if (!isUuid(printerId) || !isUuid(windowId)) return { ok: false }
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(maintenanceWindows)
      .where(and(eq(maintenanceWindows.id, windowId), eq(maintenanceWindows.printerId, printerId)))
      .returning()
    if (!removed) return { ok: false as const }
    await audit(tx, actor, { action: 'printer.window_delete', entityType: 'printer', entityId: printerId, before: removed })
    return { ok: true as const, window: { id: removed.id, startsAt: removed.startsAt, endsAt: removed.endsAt, reason: removed.reason } }
  })
}
