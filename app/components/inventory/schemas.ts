/**
 * Field schemas shared by the inventory forms (each route builds its form's schema from these, next to the route): the
 * server validation (field errors are i18n keys) and, through getZodConstraint, the inputs' native limits. Grams are typed
 * as text and parsed exactly into integer milligrams (parseGrams: at most one decimal, no negatives, no exponents).
 */
import { z } from 'zod'
import { isValidLocalDate } from '~/domain/time/zoned'
import { parseGrams, type ParseGramsErrorCode } from '~/domain/inventory/mass'
import type { MessageKey } from '~/i18n'
import { noNul } from '~/utils/text'

export const MATERIAL_PRESETS = ['PLA', 'PETG', 'ABS', 'ASA', 'TPU', 'PA', 'PC', 'PVA', 'HIPS', 'PLA+', 'PETG-CF', 'PA-CF'] as const

const gramsErrors: Record<ParseGramsErrorCode, MessageKey> = {
  not_a_number: 'inventory.error.gramsNumber',
  negative: 'inventory.error.gramsNegative',
  too_many_decimals: 'inventory.error.gramsDecimals',
  too_large: 'inventory.error.gramsTooLarge',
}

/** A mass typed in grams → integer milligrams. `positive`: 0 is refused too. */
export function gramsField(opts: { positive?: boolean } = {}) {
  return z.string({ required_error: 'inventory.error.gramsRequired' }).transform((text, ctx) => {
    const r = parseGrams(text)
    if (!r.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: gramsErrors[r.code] })
      return z.NEVER
    }
    if (opts.positive && r.mg === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'inventory.error.gramsPositive' })
      return z.NEVER
    }
    return r.mg
  })
}

const label = (max = 60) =>
  z.string({ required_error: 'inventory.error.required' }).trim().min(1, 'inventory.error.text').max(max, 'inventory.error.text').refine(...noNul)

const decimal = (maxInt: number) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^\\d{1,${maxInt}}([.,]\\d{1,2})?$`), 'inventory.error.decimal')
    .transform((s) => s.replace(',', '.'))
    .refine((s) => Number(s) > 0, 'inventory.error.decimal')

export const localDateField = z
  .string()
  .trim()
  .refine((s) => isValidLocalDate(s), 'inventory.error.date')

/** The edit form's optimistic-concurrency version (a hidden field). */
export const version = z.number().int()

/** The filament fields of "new" and "edit". */
export const filamentShape = {
  material: label(40),
  colourName: label(60),
  colourHex: z
    .string({ required_error: 'inventory.error.colourHex' })
    .regex(/^#[0-9a-fA-F]{6}$/, 'inventory.error.colourHex')
    .transform((s) => s.toLowerCase()),
  brand: label(60),
  diameterMm: decimal(2).default('1.75'),
  densityGPerCm3: decimal(2).default('1.24'),
  costPerKg: decimal(8).optional(),
  lowStockGrams: gramsField().default('0'),
}

type FilamentValues = z.output<z.ZodObject<typeof filamentShape>>

/** A validated filament form → the model's input. */
export function filamentInput(v: FilamentValues) {
  const { material, colourName, colourHex, brand, diameterMm, densityGPerCm3 } = v
  return { material, colourName, colourHex, brand, diameterMm, densityGPerCm3, costPerKg: v.costPerKg ?? null, lowStockMg: v.lowStockGrams }
}

/** The spool fields of "new" and "edit". */
export const spoolShape = {
  batch: z.string().trim().max(40, 'inventory.error.text').refine(...noNul).default(''),
  initialNetGrams: gramsField(),
  tareGrams: gramsField().default('0'),
  location: z.string().trim().max(60, 'inventory.error.text').refine(...noNul).default(''),
  receivedOn: localDateField.optional(),
}

type SpoolValues = z.output<z.ZodObject<typeof spoolShape>>

/** A validated spool form → the model's spool fields. */
export function spoolInput(v: SpoolValues) {
  return { batch: v.batch, initialNetMg: v.initialNetGrams, tareMg: v.tareGrams, location: v.location, receivedOn: v.receivedOn ?? null }
}
