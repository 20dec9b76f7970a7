/**
 * Form schemas of the printer pages: one schema gives the server validation (conform + zod) and the native input
 * constraints. Messages are i18n keys (app/i18n/printers.ts), translated by the page.
 */
import { z } from 'zod'
import {
  CALENDAR_PRESET_IDS,
  MAINTENANCE_TYPES,
  parseDayRanges,
  resolvePeriod,
  PRINTER_STATUSES,
  WEEKDAYS,
  type MaintenanceType,
  type Weekday,
  type WeeklyCalendar,
} from '~/domain/printers'
import { noNul } from '~/utils/text'

export const text = (max: number) => z.string().trim().max(max, 'printers.error.tooLong').refine(...noNul).optional().default('')
export const localDateField = (message: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, message)

export const assetIdSchema = z
  .string({ required_error: 'printers.error.assetId' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9._-]{0,31}$/, 'printers.error.assetId')

/** "PLA, PETG; TPU 95A" → ['PLA', 'PETG', 'TPU 95A'] (trimmed, duplicates dropped ignoring case). */
export function parseMaterials(value: string): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const part of value.split(/[,;]/)) {
    const name = part.trim().replace(/\s+/g, ' ')
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase())
      out.push(name)
    }
  }
  return out
}

export const printerFields = {
  assetId: assetIdSchema,
  name: z.string({ required_error: 'printers.error.name' }).trim().min(1, 'printers.error.name').max(80, 'printers.error.name').refine(...noNul),
  model: text(80),
  serial: text(80),
  purchaseDate: localDateField('printers.error.date').optional(),
  location: text(80),
  nozzleDiameterMm: z
    .number({ required_error: 'printers.error.nozzle', invalid_type_error: 'printers.error.nozzle' })
    .min(0.1, 'printers.error.nozzle')
    .max(2, 'printers.error.nozzle'),
  materials: z
    .string()
    .max(400, 'printers.error.tooLong')
    .refine(...noNul)
    .optional()
    .default('')
    .transform((v) => parseMaterials(v))
    .refine((list) => list.length <= 20 && list.every((m) => m.length <= 30), 'printers.error.materials'),
  status: z.enum(PRINTER_STATUSES, { errorMap: () => ({ message: 'printers.error.status' }) }),
  changeoverMinutes: z
    .number({ invalid_type_error: 'printers.error.changeover' })
    .int('printers.error.changeover')
    .min(0, 'printers.error.changeover')
    .max(1440, 'printers.error.changeover')
    .optional()
    .default(10),
  printHours: z
    .number({ required_error: 'printers.error.printHours', invalid_type_error: 'printers.error.printHours' })
    .min(0, 'printers.error.printHoursNegative')
    .max(10_000_000, 'printers.error.printHours'),
}

export const NewPrinterSchema = z.object({
  ...printerFields,
  preset: z.enum(CALENDAR_PRESET_IDS, { errorMap: () => ({ message: 'printers.error.preset' }) }),
})

export const version = z.number({ required_error: 'printers.error.version', invalid_type_error: 'printers.error.version' }).int().nonnegative()

export const dayField = (weekday: Weekday) => `day${weekday}` as const
export const dayShape = Object.fromEntries(WEEKDAYS.map((d) => [dayField(d), z.string().max(200).optional().default('')])) as Record<
  `day${0 | 1 | 2 | 3 | 4 | 5 | 6}`,
  z.ZodDefault<z.ZodOptional<z.ZodString>>
>

export const hoursField = (type: MaintenanceType) => `hours_${type}` as const
export const daysField = (type: MaintenanceType) => `days_${type}` as const
const intervalNumber = z.number({ invalid_type_error: 'printers.error.intervalNumber' }).optional()
export const intervalShape = Object.fromEntries(
  MAINTENANCE_TYPES.flatMap((t) => [
    [hoursField(t), intervalNumber],
    [daysField(t), intervalNumber],
  ]),
) as Record<`hours_${MaintenanceType}` | `days_${MaintenanceType}`, typeof intervalNumber>


export type CalendarErrors = Partial<Record<`day${0 | 1 | 2 | 3 | 4 | 5 | 6}`, string[]>>

/** Parses the seven weekday texts with the domain parser; errors are i18n keys per weekday field. */
export function parseCalendarForm(values: Partial<Record<`day${Weekday}`, string>>): { calendar: WeeklyCalendar } | { errors: CalendarErrors } {
  const errors: CalendarErrors = {}
  const calendar = {} as WeeklyCalendar
  for (const d of WEEKDAYS) {
    const result = parseDayRanges(values[dayField(d)] ?? '')
    if (result.ok) calendar[d] = result.ranges
    else errors[dayField(d)] = [`printers.error.calendar.${result.code}`]
  }
  return Object.keys(errors).length > 0 ? { errors } : { calendar }
}

/** The period GET filter (`period=week|month|custom&from&to`): the period to show and, for a bad custom range, its field error. */
export function periodFromSearch(params: URLSearchParams, today: string, timeZone: string) {
  const result = resolvePeriod({ kind: params.get('period'), from: params.get('from'), to: params.get('to') }, today, timeZone)
  if (result.ok) return { period: result.period, errors: {} as { from?: string[]; to?: string[] } }
  return { period: result.fallback, errors: { [result.field]: [`printers.error.period.${result.code}`] } as { from?: string[]; to?: string[] } }
}
