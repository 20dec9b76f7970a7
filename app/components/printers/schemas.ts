/**
 * The field schemas both printer forms share (the register fields of "new printer" and of the printer page) and the
 * period filter of the fleet and printer pages. Each form's own schema sits beside its route. One schema gives the server
 * validation (conform + zod) and the native input constraints; messages are i18n keys (app/i18n/printers.ts).
 */
import { z } from 'zod'
import { PRINTER_STATUSES, resolvePeriod } from '~/domain/printers'
import { isValidLocalDate } from '~/domain/time/zoned'
import { noNul } from '~/utils/text'

export const text = (max: number) => z.string().trim().max(max, 'printers.error.tooLong').refine(...noNul).optional().default('')
/** A real calendar date `YYYY-MM-DD` ("2026-02-30" or year 0000 would reach the database and fail there). */
export const localDateField = (message: string) => z.string().refine((s) => isValidLocalDate(s), message)

export const assetIdSchema = z
  .string({ required_error: 'printers.error.assetId' })
  .trim()
  .toUpperCase()
  .max(32, 'printers.error.assetId')
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

export const version = z.number({ required_error: 'printers.error.version', invalid_type_error: 'printers.error.version' }).int().nonnegative()


/** The period GET filter (`period=week|month|custom&from&to`): the period to show and, for a bad custom range, its field error. */
export function periodFromSearch(params: URLSearchParams, today: string, timeZone: string) {
  const result = resolvePeriod({ kind: params.get('period'), from: params.get('from'), to: params.get('to') }, today, timeZone)
  if (result.ok) return { period: result.period, errors: {} as { from?: string[]; to?: string[] } }
  return { period: result.fallback, errors: { [result.field]: [`printers.error.period.${result.code}`] } as { from?: string[]; to?: string[] } }
}
