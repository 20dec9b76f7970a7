/** Fuzz targets of the orders & products pages (POST rows of tests/support/authz/orders.ts and the surplus row). */
import { eq } from 'drizzle-orm'
import { expect } from 'vitest'
import { db } from '~db/client.server'
import { filaments, orders, products } from '~db/schema'
import * as orderPage from '~/routes/orders.$orderId'
import * as newOrder from '~/routes/orders.new'
import * as productPage from '~/routes/products.$productId'
import * as newProduct from '~/routes/products.new'
import { makeOrder, makeProduct } from '../../support/authz/orders'
import type { Ctx, Sent, Target } from '../support/harness'
import { lastAudit, rowOf, trimmed, versionOf } from '../support/records'
import { ref } from '../support/values'

let n = 0
async function filament(): Promise<string> {
  const [f] = await db
    .insert(filaments)
    .values({ material: 'PLA', colourName: `Fuzz ${++n} ${process.pid}`, colourHex: '#123456', brand: 'Acme' })
    .returning({ id: filaments.id })
  return f.id
}

/** A product with a filament and an order of it; `cancelled` for the reopen intent. */
async function orderFixture(cancelled = false): Promise<Ctx> {
  const filamentId = await filament()
  const p = await makeProduct({ filamentId })
  const o = await makeOrder({ productId: p.id, cancelledAt: cancelled ? new Date() : null })
  return { orderId: o.id, productId: p.id, filamentId }
}

/** A product name as the catalogue stores it: trimmed, inner whitespace runs → one space. */
const productName = (v: string | undefined) => trimmed(v).replace(/\s+/g, ' ')
/** Grams per unit as stored (numeric(10,2)). */
const gramsText = (v: string | undefined) => Number(trimmed(v)).toFixed(2)
// `+ 0`: a sent "-0" is stored as 0 (the database has no negative zero), and toBe tells -0 from 0.
const intOr = (v: string | undefined, fallback: number) => (trimmed(v) === '' ? fallback : Number(trimmed(v)) + 0)

async function expectProductAsSent(id: string, sent: Sent, name?: string) {
  const [p] = await db.select().from(products).where(eq(products.id, id))
  expect(p.name).toBe(productName(name ?? sent.get('name')))
  expect(p.gramsPerUnit).toBe(gramsText(sent.get('gramsPerUnit')))
  expect(p.printMinutesPerPlate).toBe(Number(trimmed(sent.get('printMinutesPerPlate'))))
  expect(p.unitsPerPlate).toBe(Number(trimmed(sent.get('unitsPerPlate'))))
  expect(Number(p.wastePct)).toBe(Number(Number(intOr(sent.get('wastePct'), 0)).toFixed(1)))
  expect(p.notes).toBe(trimmed(sent.get('productNotes')))
  expect(p.filamentId).toBe(trimmed(sent.get('filamentId')) || null)
}

/** The stored order equals the form: trimmed texts, integer quantities (empty stock = 0), priority default 1. */
async function expectOrderAsSent(id: string, sent: Sent) {
  const [o] = await db.select().from(orders).where(eq(orders.id, id))
  expect(o.reference).toBe(trimmed(sent.get('reference')))
  expect(o.customer).toBe(trimmed(sent.get('customer')))
  expect(o.notes).toBe(trimmed(sent.get('notes')))
  expect(o.targetQuantity).toBe(Number(trimmed(sent.get('targetQuantity'))))
  expect(o.stockOnHand).toBe(intOr(sent.get('stockOnHand'), 0))
  expect(o.priority).toBe(intOr(sent.get('priority'), 1))
  expect(o.dueDate).toBe(trimmed(sent.get('dueDate')) || null)
  return o
}

export const ordersTargets: Target[] = [
  {
    row: rowOf('orders.new'),
    mod: newOrder,
    body: 'either',
    fixture: () => orderFixture(),
    context: async (f) => f,
    examples: [
      // Found by the fuzz: the product lookup by name sent a NUL to the database (500); now a field error.
      [['reference', 'PO-1'], ['targetQuantity', '5'], ['productName', 'a\u0000b'], ['gramsPerUnit', '10'], ['printMinutesPerPlate', '60'], ['unitsPerPlate', '1']],
      // Found by the fuzz: a photo whose file name holds a NUL (stored as the image's original name: 500).
      [['reference', 'PO-2'], ['targetQuantity', '5'], ['productId', ref('productId')], ['orderPhoto', { file: 'png', name: 'a\u0000b.png' }]],
    ],
    readBack: async (sent) => {
      const a = await lastAudit('order.create')
      const o = await expectOrderAsSent(a.entityId!, sent)
      // Mass assignment: the creator is the signed-in user, the order is new (version 1), never cancelled by a field.
      expect(o.createdBy).toBe(sent.userId)
      expect(o.version).toBe(1)
      expect(o.cancelledAt).toBeNull()
      const productId = trimmed(sent.get('productId'))
      if (productId) expect(o.productId).toBe(productId)
      else {
        const [p] = await db.select().from(products).where(eq(products.id, o.productId))
        expect(p.name.toLowerCase()).toBe(productName(sent.get('productName')).toLowerCase())
        const created = (a.after as { createdProduct?: unknown }).createdProduct
        if (created) await expectProductAsSent(o.productId, sent, sent.get('productName'))
      }
    },
  },
  ...(['save', 'cancel', 'reopen'] as const).map(
    (intent): Target => ({
      row: rowOf('orders.$orderId', intent),
      mod: orderPage,
      body: intent === 'save' ? 'either' : 'form',
      fixture: () => orderFixture(intent === 'reopen'),
      context: async (f) => ({ ...f, version: await versionOf('orders', f.orderId) }),
      renew: intent !== 'save',
      readBack:
        intent === 'save'
          ? async (sent) => {
              const o = await expectOrderAsSent(sent.ctx.orderId, sent)
              expect(o.productId).toBe(trimmed(sent.get('productId')))
              expect(o.version).toBe(Number(sent.ctx.version) + 1)
            }
          : async (sent) => {
              const [o] = await db.select().from(orders).where(eq(orders.id, sent.ctx.orderId))
              expect(o.cancelledAt === null).toBe(intent === 'reopen')
            },
    }),
  ),
  {
    row: rowOf('products.new'),
    mod: newProduct,
    body: 'either',
    extraFields: ['photo'],
    fixture: async () => ({ filamentId: await filament() }),
    context: async (f) => f,
    readBack: async (sent) => {
      const a = await lastAudit('product.create')
      await expectProductAsSent(a.entityId!, sent)
    },
  },
  {
    row: rowOf('products.$productId', 'save'),
    mod: productPage,
    body: 'either',
    extraFields: ['photo'],
    fixture: () => orderFixture(),
    context: async (f) => ({ ...f, version: await versionOf('products', f.productId) }),
    readBack: async (sent) => expectProductAsSent(sent.ctx.productId, sent),
  },
]
