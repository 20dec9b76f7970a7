/**
 * The product catalogue. Products fill themselves: an order for a new name creates one (orders.server.ts). Photos live in
 * the `images` table; a new photo replaces the old row in the same transaction.
 */
import { and, asc, desc, eq, ilike, inArray, isNull, max, sql } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { filaments, images, orders, products } from '~db/schema'
import { recentProductIds, suggestGramsPerUnit, type FinishedJobRef, type GramsPerUnitSuggestion, type JobActual } from '~/domain/orders'
import { audit, type Actor } from '~/utils/audit.server'
import type { ProcessedImage } from '~/utils/images.server'
import { isUniqueViolation } from '~/utils/db-errors.server'
import { hasNul } from '~/utils/text'
import { doneJobActuals, latestFinishedJobs } from '~/models/scheduling/job-queries.server'
import { isUuid } from '~/utils/ids'

export interface FilamentRef {
  id: string
  material: string
  colourName: string
  colourHex: string
  brand: string
}

export interface ProductView {
  id: string
  name: string
  filamentId: string | null
  filament: FilamentRef | null
  /** Decimal text, e.g. "12.50". */
  gramsPerUnit: string
  printMinutesPerPlate: number
  unitsPerPlate: number
  wastePct: string
  notes: string
  photoId: string | null
  createdAt: Date
  updatedAt: Date
  version: number
}

export interface ProductInput {
  name: string
  filamentId: string | null
  gramsPerUnit: string
  printMinutesPerPlate: number
  unitsPerPlate: number
  wastePct: string
  notes: string
}

export type ProductFailure = 'not_found' | 'conflict' | 'name_taken' | 'unknown_filament'
export type ProductChangeResult = { ok: true; product: ProductView } | { ok: false; reason: ProductFailure; current?: ProductView }

const productColumns = {
  id: products.id,
  name: products.name,
  filamentId: products.filamentId,
  gramsPerUnit: products.gramsPerUnit,
  printMinutesPerPlate: products.printMinutesPerPlate,
  unitsPerPlate: products.unitsPerPlate,
  wastePct: products.wastePct,
  notes: products.notes,
  photoId: products.photoId,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
  version: products.version,
}

const filamentColumns = {
  fId: filaments.id,
  fMaterial: filaments.material,
  fColourName: filaments.colourName,
  fColourHex: filaments.colourHex,
  fBrand: filaments.brand,
}

type JoinedRow = Omit<ProductView, 'filament'> & {
  fId: string | null
  fMaterial: string | null
  fColourName: string | null
  fColourHex: string | null
  fBrand: string | null
}

function toView(r: JoinedRow): ProductView {
  const { fId, fMaterial, fColourName, fColourHex, fBrand, ...rest } = r
  return {
    ...rest,
    filament: fId ? { id: fId, material: fMaterial ?? '', colourName: fColourName ?? '', colourHex: fColourHex ?? '#000000', brand: fBrand ?? '' } : null,
  }
}



/** "  Phone   stand " → "Phone stand" (the form does this too; the model never trusts it). */
const normaliseName = (name: string) => name.trim().replace(/\s+/g, ' ')

function selectProducts(tx: DbOrTx = db) {
  return tx.select({ ...productColumns, ...filamentColumns }).from(products).leftJoin(filaments, eq(filaments.id, products.filamentId))
}

export async function listProducts(filter: { q?: string } = {}): Promise<ProductView[]> {
  const q = filter.q?.trim()
  const rows = await selectProducts()
    .where(q ? ilike(products.name, `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`) : undefined)
    .orderBy(asc(sql`lower(${products.name})`))
    .limit(500)
  return rows.map(toView)
}

export async function getProduct(id: string, tx: DbOrTx = db): Promise<ProductView | null> {
  if (!isUuid(id)) return null
  const rows = await selectProducts(tx).where(eq(products.id, id))
  return rows[0] ? toView(rows[0]) : null
}

/** Several products in one query (order lists). */
export async function getProducts(ids: string[], tx: DbOrTx = db): Promise<ProductView[]> {
  const valid = ids.filter(isUuid)
  if (!valid.length) return []
  return (await selectProducts(tx).where(inArray(products.id, valid))).map(toView)
}

export async function findProductByName(name: string, tx: DbOrTx = db): Promise<ProductView | null> {
  const n = normaliseName(name)
  // No stored name holds NUL (the form refuses it), and the database could not compare one.
  if (!n || hasNul(n)) return null
  const rows = await selectProducts(tx).where(eq(sql`lower(${products.name})`, n.toLowerCase()))
  return rows[0] ? toView(rows[0]) : null
}

/** Filaments a product may use (not archived), for the select. Read-only use of the inventory module's table. */
export async function filamentOptions(): Promise<FilamentRef[]> {
  return db
    .select({ id: filaments.id, material: filaments.material, colourName: filaments.colourName, colourHex: filaments.colourHex, brand: filaments.brand })
    .from(filaments)
    .where(isNull(filaments.archivedAt))
    .orderBy(asc(filaments.material), asc(filaments.colourName), asc(filaments.brand))
}

async function filamentUsable(tx: DbOrTx, id: string | null): Promise<boolean> {
  if (id === null) return true
  if (!isUuid(id)) return false
  const rows = await tx.select({ id: filaments.id }).from(filaments).where(and(eq(filaments.id, id), isNull(filaments.archivedAt)))
  return rows.length === 1
}

// ---- what the scheduling module will feed ---------------------------------------------------------------------------

/** Recorded actuals of a product's done jobs (good units, scrap units and grams used in mg). */
export async function productJobActuals(productId: string): Promise<JobActual[]> {
  return doneJobActuals(productId)
}

/** Finished jobs (product + finish time), newest first. */
export async function finishedJobRefs(limit: number): Promise<FinishedJobRef<string>[]> {
  return latestFinishedJobs(limit)
}

/** Median grams per unit from the actuals of past jobs (null until there are some) — shown beside the catalog value. */
export async function gramsSuggestion(productId: string): Promise<GramsPerUnitSuggestion | null> {
  return suggestGramsPerUnit(await productJobActuals(productId))
}

/**
 * Products for the order form's quick fill: those most recently produced first; then, to fill the list (and as long as
 * nothing has been produced), those most recently ordered or created.
 */
export async function recentProducts(limit = 6): Promise<ProductView[]> {
  const produced = recentProductIds(await finishedJobRefs(limit * 10), limit)
  const lastOrdered = db
    .select({ productId: orders.productId, at: max(orders.createdAt).as('at') })
    .from(orders)
    .groupBy(orders.productId)
    .as('last_ordered')
  const fallback = await db
    .select({ id: products.id })
    .from(products)
    .leftJoin(lastOrdered, eq(lastOrdered.productId, products.id))
    .orderBy(desc(sql`greatest(${products.createdAt}, coalesce(${lastOrdered.at}, ${products.createdAt}))`), asc(products.name))
    .limit(limit)
  const ids = [...new Set([...produced, ...fallback.map((r) => r.id)])].slice(0, limit)
  const views = new Map((await getProducts(ids)).map((p) => [p.id, p]))
  return ids.map((id) => views.get(id)).filter((v): v is ProductView => v !== undefined)
}

// ---- images -----------------------------------------------------------------------------------------------------------

export async function insertImage(tx: DbOrTx, image: ProcessedImage, userId: string | null): Promise<string> {
  const [row] = await tx.insert(images).values({ ...image, createdBy: userId }).returning({ id: images.id })
  return row.id
}

/** An image's bytes for serving: the display size or the thumbnail. */
export async function getImageBytes(id: string, size: 'display' | 'thumb'): Promise<{ mime: string; bytes: Buffer } | null> {
  if (!isUuid(id)) return null
  const rows = await db
    .select({ mime: images.mime, bytes: size === 'thumb' ? images.thumbBytes : images.bytes })
    .from(images)
    .where(eq(images.id, id))
  return rows[0] ?? null
}

const imageSummary = (image: ProcessedImage | null, id: string | null) =>
  image ? { id, width: image.width, height: image.height, originalName: image.originalName, originalMime: image.originalMime, originalSize: image.originalSize } : undefined

// ---- mutations --------------------------------------------------------------------------------------------------------

/** Inserts a product (and its photo) inside the caller's transaction; no audit row (the caller writes one). */
export async function insertProduct(
  tx: DbOrTx,
  input: ProductInput,
  image: ProcessedImage | null,
  userId: string | null,
): Promise<{ ok: true; product: ProductView } | { ok: false; reason: 'unknown_filament' }> {
  if (!(await filamentUsable(tx, input.filamentId))) return { ok: false, reason: 'unknown_filament' }
  const photoId = image ? await insertImage(tx, image, userId) : null
  const [row] = await tx
    .insert(products)
    .values({ ...input, name: normaliseName(input.name), photoId })
    .returning({ id: products.id })
  return { ok: true, product: (await getProduct(row.id, tx))! }
}

const auditView = (p: ProductView) => {
  const { filament, ...rest } = p
  return { ...rest, filament: filament ? `${filament.material} ${filament.colourName} (${filament.brand})` : null }
}

export async function createProduct(actor: Actor, input: ProductInput, image: ProcessedImage | null): Promise<ProductChangeResult> {
  try {
    return await db.transaction(async (tx) => {
      const made = await insertProduct(tx, input, image, actor.id)
      if (!made.ok) return made
      await audit(tx, actor, {
        action: 'product.create',
        entityType: 'product',
        entityId: made.product.id,
        after: { ...auditView(made.product), photo: imageSummary(image, made.product.photoId) },
      })
      return made
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'name_taken' }
    throw e
  }
}

/**
 * Saves a product under optimistic concurrency. A new photo replaces the old one (its row is deleted in the same
 * transaction); `removePhoto` drops it. Past print jobs keep their own copies of grams and minutes (the scheduling module
 * snapshots them), so an edit here changes future planning only.
 */
export async function changeProduct(
  actor: Actor,
  id: string,
  version: number,
  input: ProductInput,
  photo: { image: ProcessedImage | null; remove: boolean },
): Promise<ProductChangeResult> {
  try {
    return await db.transaction(async (tx) => {
      if (!isUuid(id)) return { ok: false as const, reason: 'not_found' as const }
      await tx.select({ id: products.id }).from(products).where(eq(products.id, id)).for('update')
      const before = await getProduct(id, tx)
      if (!before) return { ok: false as const, reason: 'not_found' as const }
      if (before.version !== version) return { ok: false as const, reason: 'conflict' as const, current: before }
      if (input.filamentId !== before.filamentId && !(await filamentUsable(tx, input.filamentId))) {
        return { ok: false as const, reason: 'unknown_filament' as const }
      }
      let photoId = before.photoId
      if (photo.image || photo.remove) photoId = photo.image ? await insertImage(tx, photo.image, actor.id) : null
      await tx
        .update(products)
        .set({ ...input, name: normaliseName(input.name), photoId, updatedAt: sql`now()`, version: sql`${products.version} + 1` })
        .where(and(eq(products.id, id), eq(products.version, version)))
      if (before.photoId && before.photoId !== photoId) await tx.delete(images).where(eq(images.id, before.photoId))
      const after = (await getProduct(id, tx))!
      await audit(tx, actor, {
        action: 'product.update',
        entityType: 'product',
        entityId: id,
        before: auditView(before),
        after: { ...auditView(after), photo: photo.image ? imageSummary(photo.image, photoId) : photo.remove ? 'removed' : undefined },
      })
      return { ok: true as const, product: after }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'name_taken' }
    throw e
  }
}
