/**
 * Form pieces shared by the order and product pages: the fields' server validation (conform + zod) and, through
 * `getZodConstraint`, the inputs' native limits. Messages are i18n keys (app/i18n/orders.ts). Quantities and the due date
 * go through the pure order rules in app/domain/orders/validation (one source of truth for what a quantity is). A schema
 * used by one route only sits in that route.
 */
import { z } from 'zod'
import { checkDueDate, checkStockOnHand, checkTargetQuantity, isLocalDate, MAX_ORDER_QUANTITY } from '~/domain/orders'
import { noNul } from '~/utils/text'

const text = (max: number) => z.string().trim().max(max, 'orders.error.tooLong').refine(...noNul).optional().default('')

/** A photo file field: read and checked by images.server (`imageFromForm`), declared here so the form knows it. */
const photo = z.unknown().optional()

export const productFields = {
  name: z
    .string({ required_error: 'products.error.name' })
    .trim()
    .min(1, 'products.error.name')
    .max(120, 'products.error.name')
    .refine(...noNul)
    .transform((v) => v.replace(/\s+/g, ' ')),
  filamentId: z.string().uuid('products.error.filament').optional(),
  gramsPerUnit: z
    .string({ required_error: 'products.error.grams' })
    .trim()
    .regex(/^\d{1,7}(\.\d{1,2})?$/, 'products.error.grams')
    .refine((v) => Number(v) > 0, 'products.error.grams'),
  printMinutesPerPlate: z
    .number({ required_error: 'products.error.minutes', invalid_type_error: 'products.error.minutes' })
    .int('products.error.minutes')
    .min(1, 'products.error.minutes')
    .max(100_000, 'products.error.minutes'),
  unitsPerPlate: z
    .number({ required_error: 'products.error.unitsPerPlate', invalid_type_error: 'products.error.unitsPerPlate' })
    .int('products.error.unitsPerPlate')
    .min(1, 'products.error.unitsPerPlate')
    .max(10_000, 'products.error.unitsPerPlate'),
  wastePct: z
    .number({ invalid_type_error: 'products.error.waste' })
    .min(0, 'products.error.waste')
    .max(100, 'products.error.waste')
    .optional()
    .default(0),
  productNotes: text(2000),
  photo,
}

export const ProductSchema = z.object(productFields)

const { name: _name, ...details } = productFields
/** The product's fields but its name (the new-order form names a new product in `productName`). */
export const productDetails = details

export const versionField = z.number({ required_error: 'orders.error.version', invalid_type_error: 'orders.error.version' }).int().nonnegative()

/**
 * The field errors of a refused form: the schema's, the photo fields' whose file images.server refused (`imageFromForm`)
 * and any `extra`; null when nothing was refused.
 */
export function refusedFields(
  submission: { status?: string; error?: Record<string, string[] | null> | null },
  photos: Record<string, { kind: string; code?: string }>,
  extra: Record<string, string[]> = {},
): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {}
  for (const [name, messages] of Object.entries(submission.error ?? {})) if (messages) errors[name] = messages
  for (const [name, photo] of Object.entries(photos)) if (photo.kind === 'error') errors[name] = [`products.error.photo.${photo.code}`]
  Object.assign(errors, extra)
  return Object.keys(errors).length ? errors : null
}

/** Product form values → the model's input. */
export function productInput(v: Omit<z.infer<typeof ProductSchema>, 'photo'>) {
  return {
    name: v.name,
    filamentId: v.filamentId ?? null,
    gramsPerUnit: Number(v.gramsPerUnit).toFixed(2),
    printMinutesPerPlate: v.printMinutesPerPlate,
    unitsPerPlate: v.unitsPerPlate,
    wastePct: v.wastePct.toFixed(1),
    notes: v.productNotes,
  }
}

type Checked<C extends string> = { ok: true; value: number } | { ok: false; code: C }

/**
 * A whole-number field checked by the order rule `check` (its error codes become `${messages}.${code}`); the number
 * schema it then passes through never fails and is there for `getZodConstraint` (native required/min/max).
 */
function quantity<C extends string>(check: (raw: string | number | undefined) => Checked<C>, messages: string, limits: z.ZodNumber) {
  return z
    .union([z.string(), z.number()])
    .optional()
    .transform((raw, ctx) => {
      const r = check(raw)
      if (r.ok) return r.value
      ctx.addIssue({ code: 'custom', message: `${messages}.${r.code}` })
      return z.NEVER
    })
    .pipe(limits)
}

/** The order's own fields, the same on the new-order and the order page. */
export const orderFields = {
  reference: z
    .string({ required_error: 'orders.error.reference' })
    .trim()
    .min(1, 'orders.error.reference')
    .max(60, 'orders.error.reference')
    .refine(...noNul),
  customer: text(120),
  targetQuantity: quantity(checkTargetQuantity, 'orders.error.quantity', z.number().int().min(1).max(MAX_ORDER_QUANTITY)),
  /** Empty means 0. */
  stockOnHand: quantity(checkStockOnHand, 'orders.error.stock', z.number().int().min(0).max(MAX_ORDER_QUANTITY)).default(0),
  /** Empty means no due date (null). */
  dueDate: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const r = checkDueDate(raw)
      if (r.ok) return r.value
      ctx.addIssue({ code: 'custom', message: 'orders.error.dueDate' })
      return z.NEVER
    }),
  priority: z
    .number({ invalid_type_error: 'orders.error.priority' })
    .int('orders.error.priority')
    .min(0, 'orders.error.priority')
    .max(3, 'orders.error.priority')
    .optional()
    .default(1),
  notes: text(2000),
  orderPhoto: photo,
}

/** Board filters from the query string; anything nonsensical is dropped, never an error. */
export const ORDER_STATUS_VALUES = ['planned', 'in_progress', 'completed', 'cancelled'] as const
export const ORDER_SORT_VALUES = ['due', 'newest', 'priority', 'remaining', 'progress', 'reference'] as const
export type BoardSort = (typeof ORDER_SORT_VALUES)[number]
/** Longest search text the board and the product list take (longer is cut, never an error). */
export const SEARCH_MAX_LENGTH = 100

export type BoardStatus = (typeof ORDER_STATUS_VALUES)[number]
export interface BoardQuery {
  status: BoardStatus | ''
  sort: BoardSort
  productId: string
  dueFrom: string
  dueTo: string
  q: string
  page: number
}

export function boardQuery(params: URLSearchParams): BoardQuery {
  const get = (k: string) => (params.get(k) ?? '').trim()
  const date = (k: string) => (isLocalDate(get(k)) ? get(k) : '')
  const status: BoardStatus | '' = (ORDER_STATUS_VALUES as readonly string[]).includes(get('status')) ? (get('status') as BoardStatus) : ''
  const sort = (ORDER_SORT_VALUES as readonly string[]).includes(get('sort')) ? (get('sort') as BoardSort) : 'due'
  const productId = /^[0-9a-f-]{36}$/i.test(get('product')) ? get('product') : ''
  const page = /^\d{1,6}$/.test(get('page')) ? Math.max(1, Number(get('page'))) : 1
  return { status, sort, productId, dueFrom: date('from'), dueTo: date('to'), q: get('q').slice(0, SEARCH_MAX_LENGTH), page }
}

/** The query's filters in the model's shape (empty means "any"). */
export function boardFilter(q: BoardQuery) {
  return { status: q.status || undefined, productId: q.productId || undefined, dueFrom: q.dueFrom || undefined, dueTo: q.dueTo || undefined, q: q.q || undefined }
}

export const PRIORITIES = [0, 1, 2, 3] as const
