/**
 * Form schemas of the order and product pages: server validation (conform + zod) and the native input constraints.
 * Messages are i18n keys (app/i18n/orders.ts). Quantities and the due date go through the pure order rules in
 * app/domain/orders/validation (one source of truth for what a quantity is).
 */
import { z } from 'zod'
import { isLocalDate, validateOrderForm, type OrderFormNotice } from '~/domain/orders'
import { noNul } from '~/utils/text'

const text = (max: number) => z.string().trim().max(max, 'orders.error.tooLong').refine(...noNul).optional().default('')

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
}

export const ProductSchema = z.object(productFields)

const { name: _name, ...productDetails } = productFields

const version = z.number({ required_error: 'orders.error.version', invalid_type_error: 'orders.error.version' }).int().nonnegative()

export const ProductActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('save'), version, removePhoto: z.literal('on').optional(), ...productFields }),
])

/** Product form values → the model's input. */
export function productInput(v: z.infer<typeof ProductSchema>) {
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

const orderBase = {
  reference: z
    .string({ required_error: 'orders.error.reference' })
    .trim()
    .min(1, 'orders.error.reference')
    .max(60, 'orders.error.reference')
    .refine(...noNul),
  customer: text(120),
  targetQuantity: z.union([z.string(), z.number()]).optional(),
  stockOnHand: z.union([z.string(), z.number()]).optional(),
  dueDate: z.string().optional(),
  priority: z
    .number({ invalid_type_error: 'orders.error.priority' })
    .int('orders.error.priority')
    .min(0, 'orders.error.priority')
    .max(3, 'orders.error.priority')
    .optional()
    .default(1),
  notes: text(2000),
}

/** Quantities and due date checked by the domain rules; the parsed values and the non-blocking notices come out. */
function withOrderRules<T extends z.ZodRawShape>(shape: T, today: string, producedGood = 0) {
  return z
    .object(shape)
    .superRefine((v, ctx) => {
      const r = validateOrderForm({
        targetQuantity: v.targetQuantity as string | number | undefined,
        stockOnHand: v.stockOnHand as string | number | undefined,
        dueDate: v.dueDate as string | undefined,
        today,
        producedGood,
      })
      if (r.errors.targetQuantity) ctx.addIssue({ code: 'custom', path: ['targetQuantity'], message: `orders.error.quantity.${r.errors.targetQuantity}` })
      if (r.errors.stockOnHand) ctx.addIssue({ code: 'custom', path: ['stockOnHand'], message: `orders.error.stock.${r.errors.stockOnHand}` })
      if (r.errors.dueDate) ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'orders.error.dueDate' })
    })
    .transform((v) => {
      const r = validateOrderForm({
        targetQuantity: v.targetQuantity as string | number | undefined,
        stockOnHand: v.stockOnHand as string | number | undefined,
        dueDate: v.dueDate as string | undefined,
        today,
        producedGood,
      })
      return { ...v, quantities: r.values!, notices: r.notices as OrderFormNotice[] }
    })
}

/** New order for a product the catalogue has (picked, quick-filled or typed by its exact name). */
export const newOrderForExisting = (today: string) =>
  withOrderRules({ ...orderBase, productId: z.string().optional(), productName: z.string().optional() }, today)

/** New order for a new product name: the product's fields are required too. */
export const newOrderWithProduct = (today: string) =>
  withOrderRules({ ...orderBase, ...productDetails, productName: productFields.name, productId: z.string().optional() }, today)

/** Every intent of the order page. */
export const orderActionSchema = (today: string, producedGood: number) =>
  z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('save'), version, productId: z.string({ required_error: 'orders.error.unknownProduct' }), removePhoto: z.literal('on').optional(), ...orderBase }),
    z.object({ intent: z.literal('cancel'), version }),
    z.object({ intent: z.literal('reopen'), version }),
  ]).superRefine((v, ctx) => {
    if (v.intent !== 'save') return
    const r = validateOrderForm({ targetQuantity: v.targetQuantity, stockOnHand: v.stockOnHand, dueDate: v.dueDate, today, producedGood })
    if (r.errors.targetQuantity) ctx.addIssue({ code: 'custom', path: ['targetQuantity'], message: `orders.error.quantity.${r.errors.targetQuantity}` })
    if (r.errors.stockOnHand) ctx.addIssue({ code: 'custom', path: ['stockOnHand'], message: `orders.error.stock.${r.errors.stockOnHand}` })
    if (r.errors.dueDate) ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'orders.error.dueDate' })
  })

/** Board filters from the query string; anything nonsensical is dropped, never an error. */
export const ORDER_STATUS_VALUES = ['planned', 'in_progress', 'completed', 'cancelled'] as const
export const ORDER_SORT_VALUES = ['due', 'newest', 'priority', 'remaining', 'progress', 'reference'] as const
export type BoardSort = (typeof ORDER_SORT_VALUES)[number]

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
  return { status, sort, productId, dueFrom: date('from'), dueTo: date('to'), q: get('q').slice(0, 100), page }
}

/** The query's filters in the model's shape (empty means "any"). */
export function boardFilter(q: BoardQuery) {
  return { status: q.status || undefined, productId: q.productId || undefined, dueFrom: q.dueFrom || undefined, dueTo: q.dueTo || undefined, q: q.q || undefined }
}

export const PRIORITIES = [0, 1, 2, 3] as const
