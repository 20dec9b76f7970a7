import { isMessageKey, type Locale, type MessageKey, type Translate } from '~/i18n/registry'
import { formatDateTime, formatGrams } from '~/utils/format'

/** A refused job change, as the model reports it (mirrors JobProblem in app/models/scheduling.server.ts). */
export type Problem = { code: string } & Record<string, unknown>

/** Which form field a problem belongs to ('' = the whole form). */
const fieldOf: Record<string, string> = {
  unknown_order: 'orderId',
  order_closed: 'orderId',
  unknown_printer: 'printerId',
  printer_inactive: 'printerId',
  incompatible_material: 'printerId',
  units_range: 'units',
  end_before_start: 'end',
  outside_calendar: 'start',
  maintenance: 'start',
  overlap: 'start',
  output_above_plate: 'goodUnits',
  invalid_grams: 'grams',
  not_enough_filament: 'grams',
  unknown_spool: 'spoolId',
}

/** The problem as a field error in the user's language, times in the shop's zone. */
export function problemError(t: Translate, p: Problem, { locale, timeZone }: { locale: Locale; timeZone: string }): { field: string; message: string } {
  const field = fieldOf[p.code] ?? ''
  const fmt = (d: Date) => formatDateTime(d, timeZone)
  const nextFree = (v: unknown) => (v instanceof Date || typeof v === 'string' ? ` ${t('schedule.error.nextFree', { time: fmt(new Date(v)) })}` : ` ${t('schedule.error.noFreeSlot')}`)
  switch (p.code) {
    case 'overlap': {
      const job = p.job as { orderReference: string; startsAt: Date; endsAt: Date }
      if (!job.orderReference) return { field, message: t('schedule.error.overlapDb') }
      return { field, message: t('schedule.error.overlap', { reference: job.orderReference, from: fmt(new Date(job.startsAt)), to: fmt(new Date(job.endsAt)) }) + nextFree(p.nextFree) }
    }
    case 'maintenance': {
      const w = p.window as { start: Date; end: Date }
      return { field, message: t('schedule.error.maintenance', { from: fmt(new Date(w.start)), to: fmt(new Date(w.end)) }) + nextFree(p.nextFree) }
    }
    case 'outside_calendar':
      return { field, message: t('schedule.error.outside_calendar') + nextFree(p.nextFree) }
    case 'incompatible_material':
      return { field, message: t('schedule.error.incompatible_material', { material: String(p.material || '?') }) }
    case 'units_range':
    case 'output_above_plate':
      return { field, message: t(`schedule.error.${p.code}` as MessageKey, { max: Number(p.max) }) }
    case 'printer_busy':
    case 'blocked_by_locked':
      return { field, message: t(`schedule.error.${p.code}` as MessageKey, { reference: (p.job as { orderReference: string }).orderReference }) }
    case 'not_enough_filament':
      return { field, message: t('schedule.error.not_enough_filament', { grams: formatGrams(locale, Number(p.shortMg), { unit: false }) }) }
    default: {
      const key = `schedule.error.${p.code}`
      return { field, message: isMessageKey(key) ? t(key) : p.code }
    }
  }
}

/** The next free start a refusal offers (overlap, maintenance, outside the calendar), or null. */
export function suggestedStart(p: Problem): Date | null {
  if (p.code !== 'overlap' && p.code !== 'maintenance' && p.code !== 'outside_calendar') return null
  const v = p.nextFree
  if (!(v instanceof Date || typeof v === 'string')) return null
  const d = new Date(v)
  return Number.isFinite(d.getTime()) ? d : null
}
