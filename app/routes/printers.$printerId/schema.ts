/**
 * The forms of the printer page, one schema per form: each gives its form's native constraints and, with its intent, a
 * branch of the action's validation (route.tsx). Messages are i18n keys (app/i18n/printers.ts).
 */
import { z } from 'zod'
import { localDateField, printerFields, text, version } from '~/components/printers/schemas'
import { CALENDAR_PRESET_IDS, MAINTENANCE_TYPES, parseDayRanges, WEEKDAYS, type MaintenanceType, type Weekday, type WeeklyCalendar } from '~/domain/printers'

export const dayField = (weekday: Weekday) => `day${weekday}` as const
const dayShape = Object.fromEntries(WEEKDAYS.map((d) => [dayField(d), z.string().max(200).optional().default('')])) as Record<
  `day${Weekday}`,
  z.ZodDefault<z.ZodOptional<z.ZodString>>
>

export const hoursField = (type: MaintenanceType) => `hours_${type}` as const
export const daysField = (type: MaintenanceType) => `days_${type}` as const
// The lower limits are the domain's (validateMaintenanceInterval: positive, whole days) at the inputs' step.
const intervalHours = z
  .number({ invalid_type_error: 'printers.error.intervalNumber' })
  .min(0.1, 'printers.error.intervalNotPositive')
  .optional()
const intervalDays = z
  .number({ invalid_type_error: 'printers.error.intervalNumber' })
  .int('printers.error.intervalNotPositive')
  .min(1, 'printers.error.intervalNotPositive')
  .optional()
const intervalShape = Object.fromEntries(
  MAINTENANCE_TYPES.flatMap((t) => [
    [hoursField(t), intervalHours],
    [daysField(t), intervalDays],
  ]),
) as Record<`hours_${MaintenanceType}`, typeof intervalHours> & Record<`days_${MaintenanceType}`, typeof intervalDays>

// Each form's fields without its `intent` (the hidden input the page sends); route.tsx joins them into the action's
// discriminated union, where the intents stand for the authorization matrix's route inventory to find.
export const SaveSchema = z.object({ version, ...printerFields })
export const CalendarSchema = z.object({ version, ...dayShape })
export const PresetSchema = z.object({
  version,
  preset: z.enum(CALENDAR_PRESET_IDS, { errorMap: () => ({ message: 'printers.error.preset' }) }),
})
export const IntervalsSchema = z.object({ version, ...intervalShape })
export const LogSchema = z.object({
  type: z.enum(MAINTENANCE_TYPES, { errorMap: () => ({ message: 'printers.error.maintenanceType' }) }),
  performedOn: localDateField('printers.error.date'),
  printHours: z
    .number({ required_error: 'printers.error.printHours', invalid_type_error: 'printers.error.printHours' })
    .min(0, 'printers.error.printHoursNegative')
    .max(10_000_000, 'printers.error.printHours'),
  parts: text(200),
  note: text(500),
  confirmWarnings: z.literal('on').optional(),
})
// A planner's correction of a log entry: the log form's fields, the entry and the version the planner saw.
const entryId = z.string({ required_error: 'printers.error.notFound' }).uuid('printers.error.notFound')
export const CorrectEntrySchema = LogSchema.extend({ entryId, version })
/** Remove an entry (behind a confirm step) and restore it (the toast's Undo): the entry at the version seen. */
export const EntryRefSchema = z.object({ entryId, version })
export const AddWindowSchema = z.object({
  startsAt: z.string({ required_error: 'printers.error.dateTime' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'printers.error.dateTime'),
  endsAt: z.string({ required_error: 'printers.error.dateTime' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'printers.error.dateTime'),
  reason: text(200),
})
export const DeleteWindowSchema = z.object({
  windowId: z.string().uuid('printers.error.notFound'),
})

/** Parses the seven weekday texts with the domain parser; errors are i18n keys per weekday field. */
export function parseCalendarForm(values: Partial<Record<`day${Weekday}`, string>>): { calendar: WeeklyCalendar } | { errors: Partial<Record<`day${Weekday}`, string[]>> } {
  const errors: Partial<Record<`day${Weekday}`, string[]>> = {}
  const calendar = {} as WeeklyCalendar
  for (const d of WEEKDAYS) {
    const result = parseDayRanges(values[dayField(d)] ?? '')
    if (result.ok) calendar[d] = result.ranges
    else errors[dayField(d)] = [`printers.error.calendar.${result.code}`]
  }
  return Object.keys(errors).length > 0 ? { errors } : { calendar }
}

// ---- the bench: start, record output, fail (the job's own id and version; the scheduling module checks the rest) ----
const jobId = z.string({ required_error: 'error.badRequest' }).uuid('error.badRequest')
const jobVersion = z.number({ required_error: 'error.badRequest', invalid_type_error: 'error.badRequest' }).int('error.badRequest').nonnegative('error.badRequest')
const units = z
  .number({ required_error: 'schedule.error.output_whole', invalid_type_error: 'schedule.error.output_whole' })
  .int('schedule.error.output_whole')
  .min(0, 'schedule.error.output_whole')
export const JobStartSchema = z.object({ jobId, version: jobVersion })
/** Record output (good units default to the plate) and a failed print (failed units default to the plate): one shape. */
export const JobOutputSchema = z.object({
  jobId,
  version: jobVersion,
  goodUnits: units,
  scrapUnits: units.optional().default(0),
  grams: z.string().trim().max(20, 'schedule.error.invalid_grams').optional().default(''),
  spoolId: z.string().max(40, 'schedule.error.unknown_spool').optional().default(''),
  note: text(500),
})

/** The operator says which job the printer's running print is (the print and the job at the version seen). */
export const PrintLinkSchema = z.object({ printId: z.string({ required_error: 'error.badRequest' }).uuid('error.badRequest'), jobId, version: jobVersion })
