/**
 * The maintenance-log intents of the printer page: 'log' (operators and up, maintenance:log) and a planner's
 * 'correct-entry', 'remove-entry' and 'restore-entry' (printers:write); the route has checked the permission. Each calls
 * one model function (one transaction with its audit row) and answers a redirect with a toast, or a refusal for the form.
 */
import { validateMaintenanceEntry, type MaintenanceType } from '~/domain/printers'
import type { Locale, MessageKey, Translate } from '~/i18n'
import {
  correctMaintenanceEntry,
  listMaintenanceLog,
  logMaintenance,
  removeMaintenanceEntry,
  restoreMaintenanceEntry,
  type EntryChangeResult,
  type MaintenanceEntryState,
} from '~/models/printers/maintenance.server'
import type { Actor } from '~/utils/audit.server'
import { formatHours } from '~/utils/format'
import { redirectWithToast } from '~/utils/toast.server'

interface EntryFields {
  type: MaintenanceType
  performedOn: string
  printHours: number
  parts: string
  note: string
  confirmWarnings?: 'on'
}

export type EntryValue =
  | ({ intent: 'log' } & EntryFields)
  | ({ intent: 'correct-entry'; entryId: string; version: number } & EntryFields)
  | { intent: 'remove-entry' | 'restore-entry'; entryId: string; version: number }

export interface MaintenanceWarning {
  code: string
  date?: string
  type?: string
  hours?: number
}

/** What the form shows after a refused post: errors (i18n keys), warnings to confirm, the entry as it stands now. */
export interface EntryRefusal {
  status: number
  fieldErrors?: Record<string, string[]>
  formErrors?: string[]
  warnings?: MaintenanceWarning[]
  currentEntry?: MaintenanceEntryState
}

interface Ctx {
  actor: Actor & { displayName: string }
  t: Translate
  locale: Locale
  timeZone: string
  now: Date
}

const ERROR_KEYS: Record<string, MessageKey> = {
  date_in_future: 'printers.error.dateFuture',
  print_hours_negative: 'printers.error.printHoursNegative',
  date_invalid: 'printers.error.date',
  type_invalid: 'printers.error.maintenanceType',
}

/**
 * The domain's checks of a new or corrected entry against the printer's other live entries: errors refuse it, warnings
 * (print hours out of order with earlier/later entries) ask for the confirm box first. Null when it may be saved.
 */
async function checkEntry(printerId: string, v: EntryFields, excludeId: string | null, ctx: Ctx): Promise<EntryRefusal | null> {
  const log = (await listMaintenanceLog(printerId, 10_000)).filter((e) => e.id !== excludeId)
  const check = validateMaintenanceEntry({
    entry: { type: v.type, date: v.performedOn, printHours: v.printHours },
    log: log.map((e) => ({ id: e.id, type: e.type, date: e.performedOn, printHours: e.printHours })),
    now: ctx.now,
    timeZone: ctx.timeZone,
  })
  if (!check.ok) {
    const fieldErrors: Record<string, string[]> = {}
    for (const e of check.errors) fieldErrors[e.field === 'date' ? 'performedOn' : e.field] = [ERROR_KEYS[e.code] ?? 'printers.error.printHours']
    return { status: 400, fieldErrors }
  }
  if (check.warnings.length > 0 && v.confirmWarnings !== 'on') {
    const warnings = check.warnings.map((w) => ({
      code: w.code,
      date: w.conflictingEntry?.date,
      type: w.conflictingEntry ? ctx.t(`printers.type.${w.conflictingEntry.type}`) : undefined,
      hours: w.conflictingEntry?.printHours,
    }))
    return { status: 400, warnings }
  }
  return null
}

/** A refused correction, removal or restore: 404 when the entry is not this printer's, 409 with the entry as it is now. */
function refusal(result: Exclude<EntryChangeResult, { ok: true }>, intent: EntryValue['intent']): EntryRefusal {
  if (result.reason === 'not_found') return { status: 404, formErrors: ['printers.error.notFound'] }
  const current = result.current
  const removed = current.removedAt !== null
  const formErrors: string[] =
    intent === 'restore-entry' && !removed ? ['printers.entry.notRemoved'] : removed && intent !== 'restore-entry' ? ['printers.entry.gone'] : ['printers.entry.conflict']
  return { status: 409, formErrors, currentEntry: current }
}

export async function maintenanceAction(printer: { id: string; assetId: string }, v: EntryValue, ctx: Ctx): Promise<Response | EntryRefusal> {
  const back = `/printers/${printer.id}`
  const named = (e: { type: MaintenanceType; performedOn: string }) => ({ type: ctx.t(`printers.type.${e.type}`), date: e.performedOn })
  switch (v.intent) {
    case 'log': {
      const refused = await checkEntry(printer.id, v, null, ctx)
      if (refused) return refused
      const result = await logMaintenance(ctx.actor, printer.id, v)
      if (!result.ok) throw new Response('Printer not found', { status: 404 })
      return redirectWithToast(back, { type: 'success', key: 'printers.maintenanceLogged', params: { type: ctx.t(`printers.type.${v.type}`), assetId: printer.assetId } })
    }
    case 'correct-entry': {
      const refused = await checkEntry(printer.id, v, v.entryId, ctx)
      if (refused) return refused
      const result = await correctMaintenanceEntry(ctx.actor, printer.id, v.entryId, v.version, v)
      if (!result.ok) return refusal(result, v.intent)
      if (!result.changed) return redirectWithToast(back, { type: 'info', key: 'printers.entry.unchanged', params: { date: result.entry.performedOn } })
      return redirectWithToast(
        back,
        result.counterRaised
          ? { type: 'success', key: 'printers.entry.correctedRaised', params: { ...named(result.entry), hours: formatHours(ctx.locale, result.printer.printHours) } }
          : { type: 'success', key: 'printers.entry.corrected', params: named(result.entry) },
      )
    }
    case 'remove-entry': {
      const result = await removeMaintenanceEntry(ctx.actor, printer.id, v.entryId, v.version)
      if (!result.ok) return refusal(result, v.intent)
      return redirectWithToast(back, {
        type: 'success',
        key: 'printers.entry.removed',
        params: { ...named(result.entry), assetId: printer.assetId },
        undo: { action: back, intent: 'restore-entry', fields: { entryId: result.entry.id, version: String(result.entry.version) } },
      })
    }
    case 'restore-entry': {
      const result = await restoreMaintenanceEntry(ctx.actor, printer.id, v.entryId, v.version)
      if (!result.ok) return refusal(result, v.intent)
      return redirectWithToast(back, { type: 'success', key: 'printers.entry.restored', params: named(result.entry) })
    }
  }
}
