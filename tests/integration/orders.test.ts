import { count, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { auditLog, filaments, orders, products } from '~db/schema'
import { producedByOrder } from '~/models/orders.server'
import * as editOrder from '~/routes/orders.$orderId'
import * as board from '~/routes/orders._index'
import * as exportCsv from '~/routes/orders.export[.csv]'
import * as newOrder from '~/routes/orders.new'
import * as editProduct from '~/routes/products.$productId'
import * as newProduct from '~/routes/products.new'
import { callAction, callLoader, makeRequest, makeUser, sessionFor } from '../support/app'
import { makeOrder, makeProduct } from '../support/authz/orders'

const auditFor = (entityId: string) => db.select().from(auditLog).where(eq(auditLog.entityId, entityId))
const countOf = async (table: typeof orders | typeof products) => (await db.select({ n: count() }).from(table))[0].n
const seoulToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date())
const shiftDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

async function planner() {
  const user = await makeUser('planner')
  return { user, cookie: await sessionFor(user.id) }
}

let seq = 0
const uniq = (s: string) => `${s} ${++seq}-${process.pid}`

function orderForm(overrides: Record<string, string> = {}): Record<string, string> {
  return { reference: uniq('PO'), customer: 'Hana Cafe', targetQuantity: '40', stockOnHand: '5', dueDate: shiftDays(seoulToday(), 10), priority: '2', notes: '', ...overrides }
}

const newProductFields = { gramsPerUnit: '18.5', printMinutesPerPlate: '120', unitsPerPlate: '6', wastePct: '5', productNotes: '' }

/** The flash toast a redirect sets (base64 JSON in the mes_toast cookie). */
const toastOf = (res: { headers: Headers }) => {
  const raw = /mes_toast=([^;]+)/.exec(res.headers.get('Set-Cookie') ?? '')?.[1] ?? ''
  return JSON.parse(Buffer.from(decodeURIComponent(raw), 'base64').toString('utf8')) as { type: string; key: string; params: Record<string, unknown> }
}

const postNewOrder = (cookie: string, form: Record<string, string>) => callAction(newOrder, makeRequest('/orders/new', { cookie, form }))
const errorsOf = (res: { data: unknown }) => ((res.data as { error?: Record<string, string[]> }).error ?? (res.data as { result: { error: Record<string, string[]> } }).result?.error) as Record<string, string[]>

describe('orders: create', () => {
  test('an order for a new product name creates the product and the order in one transaction with one audit row', async () => {
    const { cookie } = await planner()
    const name = uniq('Phone stand')
    const [f] = await db.insert(filaments).values({ material: 'PLA', colourName: uniq('Black'), colourHex: '#000000', brand: 'Acme' }).returning()
    const form = orderForm({ productName: `  ${name}  `, filamentId: f.id, ...newProductFields })
    const res = await postNewOrder(cookie, form)
    expect(res).toMatchObject({ status: 302, location: '/orders' })
    const [p] = await db.select().from(products).where(eq(products.name, name))
    expect(p).toMatchObject({ filamentId: f.id, gramsPerUnit: '18.50', printMinutesPerPlate: 120, unitsPerPlate: 6, wastePct: '5.0' })
    const [o] = await db.select().from(orders).where(eq(orders.reference, form.reference))
    expect(o).toMatchObject({ productId: p.id, targetQuantity: 40, stockOnHand: 5, priority: 2, customer: 'Hana Cafe', version: 1 })
    const rows = await auditFor(o.id)
    expect(rows.map((r) => r.action)).toEqual(['order.create'])
    expect(JSON.stringify(rows[0].after)).toContain(name)
    expect(await auditFor(p.id)).toEqual([])
  })

  test('a name the catalogue knows (any case) reuses that product; the quick-fill id does the same', async () => {
    const { cookie } = await planner()
    const p = await makeProduct({ name: uniq('Cable clip') })
    const before = await countOf(products)
    expect(await postNewOrder(cookie, orderForm({ productName: p.name.toUpperCase() }))).toMatchObject({ status: 302 })
    expect(await postNewOrder(cookie, orderForm({ productId: p.id }))).toMatchObject({ status: 302 })
    expect(await countOf(products)).toBe(before)
    expect(await db.select().from(orders).where(eq(orders.productId, p.id))).toHaveLength(2)
  })

  test.each([
    ['0', 'orders.error.quantity.must_be_positive'],
    ['-3', 'orders.error.quantity.must_be_positive'],
    ['2.5', 'orders.error.quantity.not_an_integer'],
    ['abc', 'orders.error.quantity.not_an_integer'],
    ['', 'orders.error.quantity.required'],
  ])('target quantity %j is a field error (%s) and stores nothing', async (targetQuantity, key) => {
    const { cookie } = await planner()
    const p = await makeProduct()
    const before = await countOf(orders)
    const res = await postNewOrder(cookie, orderForm({ productId: p.id, targetQuantity }))
    expect(res.status).toBe(400)
    expect(errorsOf(res).targetQuantity).toEqual([key])
    expect(await countOf(orders)).toBe(before)
  })

  test('negative or fractional stock, a bad date and a bad priority are field errors', async () => {
    const { cookie } = await planner()
    const p = await makeProduct()
    const res = await postNewOrder(cookie, orderForm({ productId: p.id, stockOnHand: '-1', dueDate: '2026-02-30', priority: '9' }))
    expect(res.status).toBe(400)
    expect(errorsOf(res)).toMatchObject({ stockOnHand: ['orders.error.stock.negative'], dueDate: ['orders.error.dueDate'], priority: ['orders.error.priority'] })
    const frac = await postNewOrder(cookie, orderForm({ productId: p.id, stockOnHand: '1.5' }))
    expect(errorsOf(frac).stockOnHand).toEqual(['orders.error.stock.not_an_integer'])
  })

  test('an unknown product id or filament is a field error; nothing is stored', async () => {
    const { cookie } = await planner()
    const [o, p] = [await countOf(orders), await countOf(products)]
    const unknownProduct = await postNewOrder(cookie, orderForm({ productId: '00000000-0000-4000-8000-000000000000' }))
    expect(unknownProduct.status).toBe(400)
    expect(errorsOf(unknownProduct).productName).toEqual(['orders.error.unknownProduct'])
    const garbageId = await postNewOrder(cookie, orderForm({ productId: 'not-a-uuid' }))
    expect(garbageId.status).toBe(400)
    const unknownFilament = await postNewOrder(
      cookie,
      orderForm({ productName: uniq('Ghost'), filamentId: '00000000-0000-4000-8000-000000000000', ...newProductFields }),
    )
    expect(unknownFilament.status).toBe(400)
    expect(errorsOf(unknownFilament).filamentId).toEqual(['products.error.unknownFilament'])
    const badGrams = await postNewOrder(cookie, orderForm({ productName: uniq('Ghost'), ...newProductFields, gramsPerUnit: '0' }))
    expect(errorsOf(badGrams).gramsPerUnit).toEqual(['products.error.grams'])
    expect([await countOf(orders), await countOf(products)]).toEqual([o, p])
  })

  test('stock on hand above the target is allowed: the order is completed at once and the toast says so', async () => {
    const { cookie } = await planner()
    const p = await makeProduct()
    const form = orderForm({ productId: p.id, targetQuantity: '10', stockOnHand: '12' })
    const res = await postNewOrder(cookie, form)
    expect(res.status).toBe(302)
    expect(toastOf(res)).toMatchObject({ type: 'info', key: 'orders.createdCompleted' })
    const [o] = await db.select().from(orders).where(eq(orders.reference, form.reference))
    const page = await callLoader(editOrder, makeRequest(`/orders/${o.id}`, { cookie }), { orderId: o.id })
    expect((page.data as { order: unknown }).order).toMatchObject({ status: 'completed', remaining: 0, surplus: 2, coveredByStock: true, progressPercent: 100 })
  })

  test('a due date in the past is allowed with a warning, and the board marks the order late', async () => {
    const { cookie } = await planner()
    const p = await makeProduct()
    const form = orderForm({ productId: p.id, dueDate: shiftDays(seoulToday(), -2) })
    const res = await postNewOrder(cookie, form)
    expect(res.status).toBe(302)
    expect(toastOf(res)).toMatchObject({ key: 'orders.createdPastDue', params: { days: 2 } })
    const list = await callLoader(board, makeRequest(`/orders?q=${encodeURIComponent(form.reference)}`, { cookie }))
    const rows = (list.data as { board: { rows: { reference: string; due: { badge: string; daysUntilDue: number } }[] } }).board.rows
    expect(rows).toHaveLength(1)
    expect(rows[0].due).toEqual({ badge: 'late', daysUntilDue: -2 })
  })

  test('viewers and operators cannot create orders', async () => {
    const viewer = await sessionFor((await makeUser('viewer')).id)
    expect((await postNewOrder(viewer, orderForm())).status).toBe(403)
  })
})

describe('orders: edit, cancel, reopen, conflicts', () => {
  test('save, cancel and reopen each bump the version and leave one audit row', async () => {
    const { cookie } = await planner()
    const o = await makeOrder({ targetQuantity: 50 })
    const act = (form: Record<string, string>) => callAction(editOrder, makeRequest(`/orders/${o.id}`, { cookie, form }), { orderId: o.id })
    const save = await act({ intent: 'save', version: '1', productId: o.productId, reference: 'PO-EDITED', customer: 'New customer', targetQuantity: '60', stockOnHand: '10', dueDate: '', priority: '3', notes: 'rush' })
    expect(save).toMatchObject({ status: 302, location: `/orders/${o.id}` })
    expect((await db.select().from(orders).where(eq(orders.id, o.id)))[0]).toMatchObject({ reference: 'PO-EDITED', targetQuantity: 60, stockOnHand: 10, priority: 3, dueDate: null, version: 2 })
    expect(await act({ intent: 'cancel', version: '2' })).toMatchObject({ status: 302 })
    let page = await callLoader(editOrder, makeRequest(`/orders/${o.id}`, { cookie }), { orderId: o.id })
    expect((page.data as { order: { status: string } }).order.status).toBe('cancelled')
    expect((await act({ intent: 'cancel', version: '3' })).status).toBe(400)
    expect(await act({ intent: 'reopen', version: '3' })).toMatchObject({ status: 302 })
    page = await callLoader(editOrder, makeRequest(`/orders/${o.id}`, { cookie }), { orderId: o.id })
    expect((page.data as { order: { status: string; version: number } }).order).toMatchObject({ status: 'planned', version: 4 })
    const rows = await auditFor(o.id)
    expect(rows.map((r) => r.action).sort()).toEqual(['order.cancel', 'order.reopen', 'order.update'])
    const update = rows.find((r) => r.action === 'order.update')!
    expect(update.before).toMatchObject({ targetQuantity: 50 })
    expect(update.after).toMatchObject({ targetQuantity: 60, reference: 'PO-EDITED' })
  })

  test('two tablets saving the same order: the second gets a 409 with the newer values, nothing overwritten', async () => {
    const { cookie } = await planner()
    const other = await sessionFor((await makeUser('admin')).id)
    const o = await makeOrder({ targetQuantity: 20 })
    const save = (c: string, targetQuantity: string) =>
      callAction(editOrder, makeRequest(`/orders/${o.id}`, { cookie: c, form: { intent: 'save', version: '1', productId: o.productId, reference: o.reference, targetQuantity, stockOnHand: '0', priority: '1' } }), { orderId: o.id })
    expect((await save(cookie, '25')).status).toBe(302)
    const second = await save(other, '99')
    expect(second.status).toBe(409)
    expect((second.data as { current: { targetQuantity: number; version: number } }).current).toMatchObject({ targetQuantity: 25, version: 2 })
    expect(errorsOf(second)['']).toEqual(['error.conflict'])
    expect((await db.select().from(orders).where(eq(orders.id, o.id)))[0]).toMatchObject({ targetQuantity: 25, version: 2 })
    expect((await auditFor(o.id)).filter((r) => r.action === 'order.update')).toHaveLength(1)
    // A stale cancel is a conflict too.
    const cancel = await callAction(editOrder, makeRequest(`/orders/${o.id}`, { cookie: other, form: { intent: 'cancel', version: '1' } }), { orderId: o.id })
    expect(cancel.status).toBe(409)
  })

  test('bad input on the order page never gives a 500', async () => {
    const { cookie } = await planner()
    const o = await makeOrder()
    const act = (id: string, form: Record<string, string>) => callAction(editOrder, makeRequest(`/orders/${id}`, { cookie, form }), { orderId: id })
    expect((await act('not-a-uuid', { intent: 'save' })).status).toBe(404)
    expect((await act('00000000-0000-4000-8000-000000000000', { intent: 'cancel', version: '1' })).status).toBe(404)
    expect((await act(o.id, { intent: 'explode' })).status).toBe(400)
    expect((await act(o.id, { intent: 'save', version: 'x' })).status).toBe(400)
    const unknownProduct = await act(o.id, { intent: 'save', version: '1', productId: '00000000-0000-4000-8000-000000000000', reference: 'x', targetQuantity: '5', priority: '1' })
    expect(unknownProduct.status).toBe(400)
    expect(errorsOf(unknownProduct).productId).toEqual(['orders.error.unknownProduct'])
    expect((await db.select().from(orders).where(eq(orders.id, o.id)))[0].version).toBe(1)
  })
})

describe('order board and export', () => {
  test('filters by status, product, due range and text; sorts; pages; ignores nonsense', async () => {
    const { cookie } = await planner()
    const p = await makeProduct({ name: uniq('Board widget') })
    const today = seoulToday()
    const tagRef = uniq('BRD')
    for (let i = 0; i < 55; i++) await makeOrder({ productId: p.id, reference: `${tagRef}-${String(i).padStart(2, '0')}`, dueDate: shiftDays(today, i), targetQuantity: 10 + i })
    const done = await makeOrder({ productId: p.id, reference: `${tagRef}-done`, targetQuantity: 5, stockOnHand: 5 })
    // Explicitly the newest: the embedded database can stamp two statements in a row with the same now().
    const cancelled = await makeOrder({ productId: p.id, reference: `${tagRef}-cxl`, cancelledAt: new Date(), createdAt: new Date(Date.now() + 60_000) })
    const load = async (qs: string) => {
      const res = await callLoader(board, makeRequest(`/orders?${qs}`, { cookie }))
      expect(res.status, qs).toBe(200)
      return (res.data as { board: { rows: { id: string; reference: string; status: string }[]; total: number; pages: number; page: number} }).board
    }
    const all = await load(`product=${p.id}`)
    expect(all.total).toBe(57)
    expect(all.rows).toHaveLength(50)
    expect(all.pages).toBe(2)
    expect((await load(`product=${p.id}&status=planned`)).total).toBe(55)
    expect(all.rows[0].reference).toBe(`${tagRef}-00`) // due soonest first
    expect((await load(`product=${p.id}&page=2`)).rows).toHaveLength(7)
    expect((await load(`product=${p.id}&status=completed`)).rows.map((r) => r.id)).toEqual([done.id])
    expect((await load(`product=${p.id}&status=cancelled`)).rows.map((r) => r.id)).toEqual([cancelled.id])
    expect((await load(`q=${encodeURIComponent(`${tagRef}-1`)}`)).total).toBe(10)
    expect((await load(`product=${p.id}&from=${shiftDays(today, 3)}&to=${shiftDays(today, 5)}`)).rows.map((r) => r.reference)).toEqual([3, 4, 5].map((i) => `${tagRef}-0${i}`))
    expect((await load(`product=${p.id}&sort=remaining`)).rows[0].reference).toBe(`${tagRef}-54`)
    const byProgress = await load(`product=${p.id}&sort=progress&page=2`)
    expect(byProgress.rows.map((r) => r.reference).slice(-2)).toEqual([`${tagRef}-done`, `${tagRef}-cxl`])
    expect((await load(`product=${p.id}&sort=newest`)).rows[0].reference).toBe(`${tagRef}-cxl`)
    expect((await load(`product=${p.id}&sort=priority&status=planned`)).total).toBe(55)
    for (const q of ['status=bogus', 'from=2026-13-45', 'to=yesterday', 'page=-4', 'page=99999', 'sort=drop', 'product=zzz', `q=${'%'.repeat(300)}`]) await load(q)
  })

  test('the CSV export carries the derived figures and neutralises formulas', async () => {
    const { cookie } = await planner()
    const p = await makeProduct({ name: uniq('Csv part') })
    await makeOrder({ productId: p.id, reference: '=HYPERLINK("x")', customer: '+evil', targetQuantity: 30, stockOnHand: 10 })
    const res = await callLoader(exportCsv, makeRequest(`/orders/export.csv?product=${p.id}`, { cookie, headers: { 'Accept-Language': 'en' } }))
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    const lines = String(res.data).replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[0]).toBe('reference,customer,product,status,target,stock_on_hand,produced,remaining,surplus,progress_pct,due_date,priority,created_at')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")",'+evil,${p.name},Planned,30,10,0,20,0,33,,Normal,`)
  })

  test('produced units come from producedByOrder, which reports zero until the scheduling module records output', async () => {
    const o = await makeOrder()
    expect(await producedByOrder([o.id])).toEqual(new Map([[o.id, { producedGood: 0, hasStartedJobs: false }]]))
  })
})

describe('smart input', () => {
  test('quick fill lists the most recently ordered or created products first and fills the chosen one; no grams suggestion without actuals', async () => {
    const { cookie } = await planner()
    const older = await makeProduct({ name: uniq('Older'), createdAt: new Date(Date.now() - 86_400_000 * 30) })
    const newer = await makeProduct({ name: uniq('Newer') })
    // Ordering the older product just now moves it to the front. (An explicit, later time: the embedded database's clock
    // can give two statements in a row the same timestamp, and a tie would sort by name.)
    await makeOrder({ productId: older.id, createdAt: new Date(Date.now() + 60_000) })
    const page = await callLoader(newOrder, makeRequest(`/orders/new?product=${newer.id}`, { cookie }))
    const data = page.data as { recent: { id: string }[]; chosen: { id: string; gramsPerUnit: string; printMinutesPerPlate: number }; suggestion: unknown }
    const ids = data.recent.map((p) => p.id)
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id))
    expect(ids[0]).toBe(older.id)
    expect(data.chosen).toMatchObject({ id: newer.id, gramsPerUnit: '12.50', printMinutesPerPlate: 90 })
    expect(data.suggestion).toBeNull()
    const unknown = await callLoader(newOrder, makeRequest('/orders/new?product=nope', { cookie }))
    expect((unknown.data as { chosen: unknown }).chosen).toBeNull()
  })
})

describe('products', () => {
  test('create, edit with a version, a duplicate name, and a stale version → 409 with the newer values', async () => {
    const { cookie } = await planner()
    const name = uniq('Key tag')
    const created = await callAction(newProduct, makeRequest('/products/new', { cookie, form: { name, ...newProductFields } }))
    expect(created.status).toBe(302)
    const [p] = await db.select().from(products).where(eq(products.name, name))
    expect((await auditFor(p.id)).map((r) => r.action)).toEqual(['product.create'])
    const dup = await callAction(newProduct, makeRequest('/products/new', { cookie, form: { name: name.toLowerCase(), ...newProductFields } }))
    expect(dup.status).toBe(409)
    expect(errorsOf(dup).name).toEqual(['products.error.nameTaken'])
    const save = (grams: string) =>
      callAction(editProduct, makeRequest(`/products/${p.id}`, { cookie, form: { intent: 'save', version: '1', name, ...newProductFields, gramsPerUnit: grams } }), { productId: p.id })
    expect((await save('20.25')).status).toBe(302)
    const stale = await save('99')
    expect(stale.status).toBe(409)
    expect((stale.data as { current: { gramsPerUnit: string; version: number } }).current).toMatchObject({ gramsPerUnit: '20.25', version: 2 })
    expect((await auditFor(p.id)).map((r) => r.action).sort()).toEqual(['product.create', 'product.update'])
  })
})
