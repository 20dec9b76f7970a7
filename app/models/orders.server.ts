/**
 * Orders: create, edit, cancel/reopen (one transaction + one audit row each, optimistic versions), and the order board.
 *
 * Produced units, remaining, progress and status are derived on every read (app/domain/orders/progress) from the stored
 * target and stock plus `producedByOrder` — they are never stored twice.
 */
import { and, count, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { images, orders, products } from '~db/schema'
import { deriveOrder, dueDateBadge, type DerivedOrder, type DueBadgeResult, type OrderStatus } from '~/domain/orders'
import { audit, type Actor } from '~/utils/audit.server'
import type { ProcessedImage } from '~/utils/images.server'
import { isUniqueViolation } from '~/utils/db-errors.server'
import { recordedOutput } from '~/models/scheduling/job-queries.server'
import { isUuid } from '~/utils/ids'
import { getProduct, getProducts, insertImage, insertProduct, type ProductInput, type ProductView } from './products.server'

export const ORDER_SORTS = ['due', 'newest', 'priority', 'remaining', 'progress', 'reference'] as const
export type OrderSort = (typeof ORDER_SORTS)[number]
const PAGE_SIZE = 50

export interface Produced {
  /** Good units from recorded actual output, after corrections. */
  producedGood: number
  /** At least one of the order's jobs has started. */
  hasStartedJobs: boolean
}

/**
 * THE one place the orders module reads recorded output: good units of the order's done/failed jobs (after
 * corrections) and whether any job has started, in one grouped query (scheduling module). Board, detail, export and
 * status all go through here.
 */
export async function producedByOrder(orderIds: readonly string[], tx: DbOrTx = db): Promise<Map<string, Produced>> {
  const out = await recordedOutput(orderIds, tx)
  return new Map(
    orderIds.map((id) => {
      const o = out.get(id)
      return [id, { producedGood: o?.producedGood ?? 0, hasStartedJobs: o?.hasStartedJobs ?? false }]
    }),
  )
}

export interface OrderInput {
  reference: string
  customer: string
  productId: string
  targetQuantity: number
  stockOnHand: number
  dueDate: string | null
  priority: number
  notes: string
}

export interface OrderView extends Omit<OrderInput, 'productId'>, DerivedOrder, Produced {
  id: string
  product: Pick<ProductView, 'id' | 'name' | 'photoId' | 'filament' | 'gramsPerUnit' | 'printMinutesPerPlate' | 'unitsPerPlate'>
  photoId: string | null
  cancelledAt: Date | null
  createdAt: Date
  updatedAt: Date
  version: number
  due: DueBadgeResult
}

export interface OrderFilter {
  status?: OrderStatus
  productId?: string
  dueFrom?: string
  dueTo?: string
  q?: string
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`)

function whereOf(f: OrderFilter): SQL | undefined {
  const parts: SQL[] = []
  if (f.productId && isUuid(f.productId)) parts.push(eq(orders.productId, f.productId))
  if (f.dueFrom) parts.push(gte(orders.dueDate, f.dueFrom))
  if (f.dueTo) parts.push(lte(orders.dueDate, f.dueTo))
  const q = f.q?.trim()
  if (q) {
    const pattern = `%${likeEscape(q)}%`
    parts.push(or(ilike(orders.reference, pattern), ilike(orders.customer, pattern), ilike(products.name, pattern))!)
  }
  return parts.length ? and(...parts) : undefined
}

const detailColumns = {
  id: orders.id,
  reference: orders.reference,
  customer: orders.customer,
  targetQuantity: orders.targetQuantity,
  stockOnHand: orders.stockOnHand,
  dueDate: orders.dueDate,
  priority: orders.priority,
  notes: orders.notes,
  photoId: orders.photoId,
  cancelledAt: orders.cancelledAt,
  createdAt: orders.createdAt,
  updatedAt: orders.updatedAt,
  version: orders.version,
  productId: orders.productId,
}

const selectDetails = (tx: DbOrTx = db) => tx.select(detailColumns).from(orders)
type DetailRow = Awaited<ReturnType<typeof selectDetails>>[number]

async function toViews(rows: DetailRow[], today: string, tx: DbOrTx = db): Promise<OrderView[]> {
  const produced = await producedByOrder(
    rows.map((r) => r.id),
    tx,
  )
  const productViews = new Map((await getProducts([...new Set(rows.map((r) => r.productId))], tx)).map((p) => [p.id, p]))
  return rows.map((r) => {
    const p = produced.get(r.id) ?? { producedGood: 0, hasStartedJobs: false }
    const derived = deriveOrder({ targetQuantity: r.targetQuantity, stockOnHand: r.stockOnHand, cancelled: r.cancelledAt !== null, ...p })
    const product = productViews.get(r.productId)!
    return {
      ...r,
      ...p,
      ...derived,
      product: {
        id: product.id,
        name: product.name,
        photoId: product.photoId,
        filament: product.filament,
        gramsPerUnit: product.gramsPerUnit,
        printMinutesPerPlate: product.printMinutesPerPlate,
        unitsPerPlate: product.unitsPerPlate,
      },
      due: dueDateBadge({ dueDate: r.dueDate, today, status: derived.status }),
    }
  })
}

export async function getOrder(id: string, today: string, tx: DbOrTx = db): Promise<OrderView | null> {
  if (!isUuid(id)) return null
  const rows = await selectDetails(tx).where(eq(orders.id, id))
  if (!rows[0]) return null
  return (await toViews(rows, today, tx))[0]
}

export interface OrderBoard {
  rows: OrderView[]
  total: number
  page: number
  pages: number
}

type Light = {
  id: string
  reference: string
  targetQuantity: number
  stockOnHand: number
  cancelled: boolean
  dueDate: string | null
  priority: number
  createdAt: Date
}

const byDue = (a: Light, b: Light) => (a.dueDate === b.dueDate ? 0 : a.dueDate === null ? 1 : b.dueDate === null ? -1 : a.dueDate < b.dueDate ? -1 : 1)
const byNewest = (a: Light, b: Light) => b.createdAt.getTime() - a.createdAt.getTime()

/** Sorts that only need stored columns run in SQL; the others need the derived figures. */
const sqlOrder: Partial<Record<OrderSort, SQL[]>> = {
  due: [sql`${orders.dueDate} asc nulls last`, sql`${orders.priority} desc`, sql`${orders.createdAt} desc`, sql`${orders.id}`],
  newest: [sql`${orders.createdAt} desc`, sql`${orders.id}`],
  priority: [sql`${orders.priority} desc`, sql`${orders.dueDate} asc nulls last`, sql`${orders.createdAt} desc`, sql`${orders.id}`],
  reference: [sql`${orders.reference} asc`, sql`${orders.createdAt} desc`, sql`${orders.id}`],
}

function fromOrders(filter: OrderFilter) {
  // The product join is only needed to search product names.
  return filter.q?.trim()
    ? db.select(detailColumns).from(orders).innerJoin(products, eq(products.id, orders.productId)).where(whereOf(filter)).$dynamic()
    : db.select(detailColumns).from(orders).where(whereOf(filter)).$dynamic()
}

/**
 * The order board. Status, remaining and progress are derived (they depend on recorded output), so:
 * - without a status filter and with a sort on stored columns (due date — the default —, newest, priority, reference),
 *   SQL filters, sorts, counts and pages; only the page's rows go through `producedByOrder` + `deriveOrder`;
 * - with a status filter or a sort on a derived figure (remaining, progress), a light first query applies the SQL filters,
 *   every candidate is derived, filtered, sorted and paged in memory, and a second query loads the page's details.
 * Figures for 10,000 orders: bench/orders.bench.ts.
 */
export async function listOrders(
  filter: OrderFilter,
  opts: { sort?: OrderSort; page?: number; pageSize?: number; today: string },
): Promise<OrderBoard> {
  const sort = opts.sort ?? 'due'
  const pageSize = opts.pageSize ?? PAGE_SIZE
  const wanted = Math.max(1, Math.floor(opts.page ?? 1))
  const order = sqlOrder[sort]
  if (!filter.status && order) {
    const counted = filter.q?.trim()
      ? await db.select({ n: count() }).from(orders).innerJoin(products, eq(products.id, orders.productId)).where(whereOf(filter))
      : await db.select({ n: count() }).from(orders).where(whereOf(filter))
    const total = counted[0].n
    const pages = Math.max(1, Math.ceil(total / pageSize))
    const page = Math.min(wanted, pages)
    const rows = await fromOrders(filter)
      .orderBy(...order)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
    return { rows: await toViews(rows, opts.today), total, page, pages }
  }

  const lightQuery = db
    .select({
      id: orders.id,
      reference: orders.reference,
      targetQuantity: orders.targetQuantity,
      stockOnHand: orders.stockOnHand,
      cancelled: sql<boolean>`${orders.cancelledAt} is not null`.mapWith(Boolean),
      dueDate: orders.dueDate,
      priority: orders.priority,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .$dynamic()
  const light: Light[] = await (filter.q?.trim() ? lightQuery.innerJoin(products, eq(products.id, orders.productId)) : lightQuery).where(whereOf(filter))
  const produced = await producedByOrder(light.map((l) => l.id))
  const derived = new Map<string, DerivedOrder>()
  for (const l of light) {
    derived.set(l.id, deriveOrder({ targetQuantity: l.targetQuantity, stockOnHand: l.stockOnHand, cancelled: l.cancelled, ...produced.get(l.id)! }))
  }
  const matching = filter.status ? light.filter((l) => derived.get(l.id)!.status === filter.status) : light
  // Cancelled orders have nothing left to make: they sort last by remaining and by progress.
  const openRemaining = (l: Light) => (l.cancelled ? -1 : derived.get(l.id)!.remaining)
  const openProgress = (l: Light) => (l.cancelled ? 101 : derived.get(l.id)!.progressPercent)
  const compare: Record<OrderSort, (a: Light, b: Light) => number> = {
    due: (a, b) => byDue(a, b) || b.priority - a.priority || byNewest(a, b),
    newest: (a, b) => byNewest(a, b),
    priority: (a, b) => b.priority - a.priority || byDue(a, b) || byNewest(a, b),
    remaining: (a, b) => openRemaining(b) - openRemaining(a) || byDue(a, b),
    progress: (a, b) => openProgress(a) - openProgress(b) || byDue(a, b),
    reference: (a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : byNewest(a, b)),
  }
  matching.sort(compare[sort])
  const total = matching.length
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(wanted, pages)
  const ids = matching.slice((page - 1) * pageSize, page * pageSize).map((l) => l.id)
  const details = ids.length ? await selectDetails().where(inArray(orders.id, ids)) : []
  const position = new Map(ids.map((id, i) => [id, i]))
  details.sort((a, b) => position.get(a.id)! - position.get(b.id)!)
  return { rows: await toViews(details, opts.today), total, page, pages }
}

/** Every order matching the filter, board order (CSV export). */
export async function exportOrders(filter: OrderFilter, sort: OrderSort, today: string): Promise<OrderView[]> {
  return (await listOrders(filter, { sort, today, page: 1, pageSize: 1_000_000 })).rows
}

// ---- mutations --------------------------------------------------------------------------------------------------------

export type NewOrderProduct = { kind: 'existing'; id: string } | { kind: 'new'; input: ProductInput; image: ProcessedImage | null }

export type OrderFailure = 'not_found' | 'conflict' | 'unknown_product' | 'unknown_filament' | 'name_taken' | 'already_cancelled' | 'not_cancelled'
export type OrderChangeResult = { ok: true; order: OrderView; productCreated?: boolean } | { ok: false; reason: OrderFailure; current?: OrderView }

const auditOrder = (o: OrderView) => ({
  id: o.id,
  reference: o.reference,
  customer: o.customer,
  product: { id: o.product.id, name: o.product.name },
  targetQuantity: o.targetQuantity,
  stockOnHand: o.stockOnHand,
  dueDate: o.dueDate,
  priority: o.priority,
  notes: o.notes,
  photoId: o.photoId,
  cancelledAt: o.cancelledAt,
  status: o.status,
  version: o.version,
})

/**
 * Creates an order — and, for a name the catalogue does not know yet, its product — in one transaction with one audit
 * row ('order.create', whose `after` also carries the new product).
 */
export async function createOrder(
  actor: Actor,
  input: Omit<OrderInput, 'productId'>,
  product: NewOrderProduct,
  orderPhoto: ProcessedImage | null,
  today: string,
): Promise<OrderChangeResult> {
  try {
    return await db.transaction(async (tx) => {
      let productId: string
      let createdProduct: ProductView | null = null
      if (product.kind === 'existing') {
        if (!(await getProduct(product.id, tx))) return { ok: false as const, reason: 'unknown_product' as const }
        productId = product.id
      } else {
        const made = await insertProduct(tx, product.input, product.image, actor.id)
        if (!made.ok) return made
        createdProduct = made.product
        productId = made.product.id
      }
      const photoId = orderPhoto ? await insertImage(tx, orderPhoto, actor.id) : null
      const [row] = await tx
        .insert(orders)
        .values({ ...input, productId, photoId, createdBy: actor.id })
        .returning({ id: orders.id })
      const order = (await getOrder(row.id, today, tx))!
      await audit(tx, actor, {
        action: 'order.create',
        entityType: 'order',
        entityId: order.id,
        after: { ...auditOrder(order), createdProduct: createdProduct ? { ...createdProduct, filament: createdProduct.filament?.id ?? null } : undefined },
      })
      return { ok: true as const, order, productCreated: createdProduct !== null }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'name_taken' }
    throw e
  }
}

export type OrderChange = { kind: 'save'; input: OrderInput; photo?: { image: ProcessedImage | null; remove: boolean } } | { kind: 'cancel' } | { kind: 'reopen' }

/** Edit, cancel or reopen under optimistic concurrency: a stale `version` is a conflict carrying the newer order. */
export async function changeOrder(actor: Actor, id: string, version: number, change: OrderChange, today: string): Promise<OrderChangeResult> {
  return db.transaction(async (tx) => {
    if (!isUuid(id)) return { ok: false as const, reason: 'not_found' as const }
    const locked = await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, id)).for('update')
    if (!locked.length) return { ok: false as const, reason: 'not_found' as const }
    const before = (await getOrder(id, today, tx))!
    if (before.version !== version) return { ok: false as const, reason: 'conflict' as const, current: before }
    let set: { [K in keyof typeof orders.$inferInsert]?: (typeof orders.$inferInsert)[K] | SQL }
    let action: string
    if (change.kind === 'save') {
      if (change.input.productId !== before.product.id && !(await getProduct(change.input.productId, tx))) {
        return { ok: false as const, reason: 'unknown_product' as const }
      }
      set = { ...change.input }
      if (change.photo && (change.photo.image || change.photo.remove)) {
        set.photoId = change.photo.image ? await insertImage(tx, change.photo.image, actor.id) : null
      }
      action = 'order.update'
    } else if (change.kind === 'cancel') {
      if (before.cancelledAt) return { ok: false as const, reason: 'already_cancelled' as const, current: before }
      set = { cancelledAt: sql`now()` }
      action = 'order.cancel'
    } else {
      if (!before.cancelledAt) return { ok: false as const, reason: 'not_cancelled' as const, current: before }
      set = { cancelledAt: null }
      action = 'order.reopen'
    }
    await tx
      .update(orders)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${orders.version} + 1` })
      .where(and(eq(orders.id, id), eq(orders.version, version)))
    if (set.photoId !== undefined && before.photoId && before.photoId !== set.photoId) {
      await tx.delete(images).where(eq(images.id, before.photoId))
    }
    const after = (await getOrder(id, today, tx))!
    await audit(tx, actor, { action, entityType: 'order', entityId: id, before: auditOrder(before), after: auditOrder(after) })
    return { ok: true as const, order: after }
  })
}

/** Orders of one product, newest first (product page). */
export async function ordersOfProduct(productId: string, today: string, limit = 20): Promise<OrderView[]> {
  if (!isUuid(productId)) return []
  const rows = await selectDetails().where(eq(orders.productId, productId)).orderBy(desc(orders.createdAt)).limit(limit)
  return toViews(rows, today)
}
