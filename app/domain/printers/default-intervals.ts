import type { MaintenanceInterval } from './maintenance'

/** Intervals a new printer starts with (editable on its page); typical FDM figures, documented in ADR 002. */
export const DEFAULT_INTERVALS: ReadonlyArray<MaintenanceInterval> = [
  { type: 'nozzle_change', everyPrintHours: 500 },
  { type: 'bed_levelling', everyDays: 30 },
  { type: 'belt_tension', everyPrintHours: 1000, everyDays: 180 },
  { type: 'lubrication', everyPrintHours: 300, everyDays: 90 },
  { type: 'cleaning', everyDays: 7 },
]
