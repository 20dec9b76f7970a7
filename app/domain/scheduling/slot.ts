/** The rules for placing one job by hand (new, moved or started now): the model loads the printer and its jobs. */
import { nextFreeSlot } from './overlaps'
import { DEFAULT_HORIZON_DAYS, isPrinterCompatible } from './scheduler'
import type { TimeSpan } from './types'

const MINUTE = 60_000
const DAY = 86_400_000

export type SlotProblem =
  | { code: 'printer_inactive' }
  | { code: 'incompatible_material'; material: string }
  | { code: 'units_range'; max: number }
  | { code: 'end_before_start' }
  | { code: 'outside_calendar'; nextFree: Date | null }
  | { code: 'maintenance'; window: { start: Date; end: Date; reason: string }; nextFree: Date | null }
  | { code: 'overlap'; job: { id: string; orderReference: string; startsAt: Date; endsAt: Date }; nextFree: Date | null }

export interface SlotShape {
  start: Date
  end: Date
  units: number
  unitsPerPlate: number
  material: string
}

/** What the printer row alone decides: active, the material, units within one plate, end after start. */
export function checkSlotPrinter(printer: { status: string; materials: readonly string[] }, slot: SlotShape): SlotProblem | null {
  if (printer.status !== 'active') return { code: 'printer_inactive' }
  if (!isPrinterCompatible({ supportedMaterials: printer.materials }, slot.material)) return { code: 'incompatible_material', material: slot.material }
  if (!Number.isSafeInteger(slot.units) || slot.units < 1 || slot.units > slot.unitsPerPlate) return { code: 'units_range', max: slot.unitsPerPlate }
  if (!(slot.end.getTime() > slot.start.getTime())) return { code: 'end_before_start' }
  return null
}

/** The period whose jobs and free time the slot check needs: from the earlier of start and now, a horizon past the later end. */
export function slotSearchRange(slot: TimeSpan, now: Date): { from: Date; to: Date } {
  return {
    from: new Date(Math.min(slot.start.getTime(), now.getTime())),
    to: new Date(Math.max(slot.end.getTime(), now.getTime()) + DEFAULT_HORIZON_DAYS * DAY),
  }
}

export interface SlotTimeInput {
  slot: TimeSpan
  now: Date
  /** End of the next-free-slot search (`slotSearchRange(...).to`). */
  searchTo: Date
  changeoverMinutes: number
  /** The printer's available intervals (calendar minus maintenance) around the slot. */
  available: readonly TimeSpan[]
  maintenance: ReadonlyArray<{ start: Date; end: Date; reason: string }>
  /** The printer's other live jobs. */
  others: ReadonlyArray<{ id: string; start: Date; end: Date; orderReference: string }>
}

/**
 * What the printer's time decides, first match wins: a maintenance window, another live job closer than the changeover,
 * outside the calendar. Each answers the next free start of the same length (from the later of start and now) or null.
 */
export function checkSlotTime(input: SlotTimeInput): SlotProblem | null {
  const { slot, changeoverMinutes, others } = input
  const free = () =>
    nextFreeSlot(
      input.available,
      others.map((o) => ({ start: o.start, end: o.end })),
      slot.end.getTime() - slot.start.getTime(),
      new Date(Math.max(slot.start.getTime(), input.now.getTime())),
      { changeoverMinutes, notAfter: input.searchTo },
    )
  const window = input.maintenance.find((w) => w.start < slot.end && w.end > slot.start)
  if (window) return { code: 'maintenance', window, nextFree: free()?.start ?? null }
  const gap = changeoverMinutes * MINUTE
  const clash = others
    .filter((o) => o.start.getTime() < slot.end.getTime() + gap && o.end.getTime() + gap > slot.start.getTime())
    .sort((a, b) => a.start.getTime() - b.start.getTime())[0]
  if (clash) return { code: 'overlap', job: { id: clash.id, orderReference: clash.orderReference, startsAt: clash.start, endsAt: clash.end }, nextFree: free()?.start ?? null }
  const inside = input.available.some((iv) => iv.start.getTime() <= slot.start.getTime() && iv.end.getTime() >= slot.end.getTime())
  if (!inside) return { code: 'outside_calendar', nextFree: free()?.start ?? null }
  return null
}

export type StartProblem = { code: 'printer_busy'; job: { id: string; orderReference: string } } | { code: 'blocked_by_locked'; job: { id: string; orderReference: string } }

/**
 * Starting a job now on [start, end): refused while the printer prints another job or a locked job overlaps; otherwise
 * the unlocked planned jobs it overlaps are released (their ids).
 */
export function checkStart(
  others: ReadonlyArray<{ id: string; status: string; locked: boolean; start: Date; end: Date; orderReference: string }>,
  start: Date,
  end: Date,
): { problem: StartProblem } | { released: string[] } {
  const busy = others.find((j) => j.status === 'printing')
  if (busy) return { problem: { code: 'printer_busy', job: { id: busy.id, orderReference: busy.orderReference } } }
  const overlapping = others.filter((j) => j.start < end && j.end > start)
  const locked = overlapping.find((j) => j.locked)
  if (locked) return { problem: { code: 'blocked_by_locked', job: { id: locked.id, orderReference: locked.orderReference } } }
  return { released: overlapping.map((j) => j.id) }
}
