/** Spools: list/filter, read, facets, receive, edit, archive/restore. One transaction and one audit row per change. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { filaments, spools, spoolUsage } from '~db/schema'
import { materialColourKey, mgToDbNumeric, tidy, type SpoolChange, type SpoolStatus, type StockChangeError } from '~/domain/inventory'
import { groupSpools, pageOfGroups, type GroupableSpool } from '~/domain/inventory/spool-grouping'
import { audit, type Actor } from '~/utils/audit.server'
import { isUuid } from '~/utils/ids'
import { packedRows } from '../packed-rows.server'
import { spoolColumns, toSpool, type Spool } from './shapes.server'

export interface SpoolInput {
  filamentId: string
  batch: string
  initialNetMg: number
  /** Defaults to the initial net mass (a new, full spool). */
  remainingMg?: number
  tareMg: number
  location: string
  receivedOn: string | null
}

export type SpoolEdit = Omit<SpoolInput, 'filamentId' | 'remainingMg'>

export interface SpoolFilters {
  material?: string
  colour?: string
  batch?: string
  /** A status, or 'all'. Default: every status but archived. */
  status?: SpoolStatus | 'all'
  location?: string
  filamentId?: string
  /** Spools of any of these filaments (e.g. every filament of one material + colour). */
  filamentIds?: string[]
  ids?: string[]
}

/** `column` is one of the ids (text that is no uuid is dropped; the nil uuid keeps an empty list valid SQL, matching nothing). */
const oneOf = (column: typeof spools.id | typeof spools.filamentId, ids: string[]) => inArray(column, ids.filter(isUuid).concat(['00000000-0000-0000-0000-000000000000']))

/** Spool lists run by material, colour, batch, then oldest first (FIFO within a batch). */
const spoolOrder = () => [asc(filaments.material), asc(filaments.colourName), asc(spools.batch), asc(spools.receivedOn), asc(spools.id)]

/** Spools with their filament (the lists' FROM), and a spool's remaining mass in mg (numeric(12,1) × 1000 is whole, exact as float8). */
const spoolsWithFilament = sql`${spools} inner join ${filaments} on ${filaments.id} = ${spools.filamentId}`
const remainingMgSql = sql`(${spools.remainingGrams} * 1000)::float8`

function spoolWhere(f: SpoolFilters): SQL | undefined {
  const where: SQL[] = []
  if (f.material) where.push(sql`lower(${filaments.material}) = lower(${tidy(f.material)})`)
  if (f.colour) where.push(sql`lower(${filaments.colourName}) = lower(${tidy(f.colour)})`)
  if (f.batch) where.push(eq(spools.batch, tidy(f.batch)))
  if (f.location) where.push(eq(spools.location, tidy(f.location)))
  if (f.filamentId && isUuid(f.filamentId)) where.push(eq(spools.filamentId, f.filamentId))
  if (f.filamentIds) where.push(oneOf(spools.filamentId, f.filamentIds))
  if (f.ids) where.push(oneOf(spools.id, f.ids))
  if (!f.status) where.push(sql`${spools.status} <> 'archived'`)
  else if (f.status !== 'all') where.push(eq(spools.status, f.status))
  return where.length ? and(...where) : undefined
}

export async function listSpools(f: SpoolFilters = {}): Promise<Spool[]> {
  const rows = await db
    .select(spoolColumns)
    .from(spools)
    .innerJoin(filaments, eq(filaments.id, spools.filamentId))
    .where(spoolWhere(f))
    .orderBy(...spoolOrder())
  return rows.map(toSpool)
}

/**
 * One page of the spool list, grouped by material + colour and batch (totals of the whole filtered list): the grouping
 * reads seven columns of every matching spool, packed by the database (see packedRows), the full rows are read for the
 * page's spools only — a shop holds thousands of spools and a page shows a hundred.
 */
export async function spoolListPage(f: SpoolFilters, page: number) {
  const lean = (
    await packedRows<[string, string, string, string, string, SpoolStatus, number]>({
      columns: [spools.id, filaments.material, filaments.colourName, filaments.colourHex, spools.batch, spools.status, remainingMgSql],
      from: spoolsWithFilament,
      where: spoolWhere(f),
      orderBy: spoolOrder(),
    })
  ).map(([id, material, colourName, colourHex, batch, status, remainingMg]): GroupableSpool => ({ id, material, colourName, colourHex, batch, status, remainingMg }))
  const paged = pageOfGroups(groupSpools(lean), page)
  const ids = paged.groups.flatMap((g) => g.batches.flatMap((b) => b.spools.map((s) => s.id)))
  const full = new Map((await listSpools({ ids, status: 'all' })).map((s) => [s.id, s]))
  return {
    ...paged,
    groups: paged.groups.map((g) => ({ ...g, batches: g.batches.map((b) => ({ ...b, spools: b.spools.flatMap((s) => full.get(s.id) ?? []) })) })),
  }
}

/** An active spool as the stock outlook reads it. */
export interface OutlookSpoolRow {
  id: string
  filamentId: string
  material: string
  colourName: string
  brand: string
  batch: string
  receivedOn: string | null
  remainingMg: number
}

/**
 * The active spools for the outlook (inventory, plan preview): only the columns it uses, packed by the database (a shop
 * holds thousands of spools; see packedRows), milligrams computed by PostgreSQL.
 */
export async function activeSpoolsForOutlook(): Promise<OutlookSpoolRow[]> {
  const rows = await packedRows<[string, string, string, string, string, string, string | null, number]>({
    columns: [spools.id, spools.filamentId, filaments.material, filaments.colourName, filaments.brand, spools.batch, spools.receivedOn, remainingMgSql],
    from: spoolsWithFilament,
    where: eq(spools.status, 'active'),
    orderBy: spoolOrder(),
  })
  return rows.map(([id, filamentId, material, colourName, brand, batch, receivedOn, remainingMg]) => ({ id, filamentId, material, colourName, brand, batch, receivedOn, remainingMg }))
}

/** An active spool as the printer's bench offers it (which to load, which to draw from). */
export interface LoadableSpoolRow {
  id: string
  material: string
  colour: string
  brand: string
  batch: string
  location: string
  status: 'active'
  receivedAt: string | null
  remainingMg: number
}

/** The active spools of these filaments, with only what the bench shows (packed: a pool may hold hundreds). */
export async function activeSpoolsToLoad(filamentIds: string[]): Promise<LoadableSpoolRow[]> {
  const rows = await packedRows<[string, string, string, string, string, string, string | null, number]>({
    columns: [spools.id, filaments.material, filaments.colourName, filaments.brand, spools.batch, spools.location, spools.receivedOn, remainingMgSql],
    from: spoolsWithFilament,
    where: and(eq(spools.status, 'active'), oneOf(spools.filamentId, filamentIds)),
    orderBy: spoolOrder(),
  })
  return rows.map(([id, material, colour, brand, batch, location, receivedAt, remainingMg]) => ({ id, material, colour, brand, batch, location, status: 'active', receivedAt, remainingMg }))
}

export async function getSpool(id: string, tx: DbOrTx = db, lock = false): Promise<Spool | null> {
  if (!isUuid(id)) return null
  const q = tx.select(spoolColumns).from(spools).innerJoin(filaments, eq(filaments.id, spools.filamentId)).where(eq(spools.id, id))
  const rows = lock ? await q.for('update', { of: spools }) : await q
  return rows[0] ? toSpool(rows[0]) : null
}

/** The filaments of one material + colour, pooled as the FIFO pools them (case, width and spacing aside). */
export async function filamentIdsOf(material: string, colour: string): Promise<string[]> {
  const key = materialColourKey(material, colour)
  const rows = await db.select({ id: filaments.id, material: filaments.material, colour: filaments.colourName }).from(filaments)
  return rows.filter((r) => materialColourKey(r.material, r.colour) === key).map((r) => r.id)
}

/** Distinct values for the filter selects and the batch/location quick picks. */
export async function spoolFacets() {
  const [materials, colours, batches, locations] = await Promise.all([
    db.selectDistinct({ v: filaments.material }).from(filaments).orderBy(filaments.material),
    db.selectDistinct({ v: filaments.colourName }).from(filaments).orderBy(filaments.colourName),
    db.selectDistinct({ v: spools.batch }).from(spools).where(sql`${spools.batch} <> ''`).orderBy(spools.batch),
    db.selectDistinct({ v: spools.location }).from(spools).where(sql`${spools.location} <> ''`).orderBy(spools.location),
  ])
  return {
    materials: materials.map((r) => r.v),
    colours: colours.map((r) => r.v),
    batches: batches.map((r) => r.v),
    locations: locations.map((r) => r.v),
  }
}

export type CreateSpoolResult = { ok: true; spool: Spool } | { ok: false; reason: 'unknown_filament' }

/** Receives a spool: the spool row, its first usage-log row ("receive") and one audit row. */
export async function createSpool(actor: Actor, input: SpoolInput): Promise<CreateSpoolResult> {
  if (!isUuid(input.filamentId)) return { ok: false, reason: 'unknown_filament' }
  return db.transaction(async (tx) => {
    const f = await tx.select({ id: filaments.id }).from(filaments).where(and(eq(filaments.id, input.filamentId), sql`${filaments.archivedAt} is null`))
    if (!f[0]) return { ok: false as const, reason: 'unknown_filament' as const }
    const remainingMg = input.remainingMg ?? input.initialNetMg
    const [row] = await tx
      .insert(spools)
      .values({
        filamentId: input.filamentId,
        batch: tidy(input.batch),
        initialNetGrams: mgToDbNumeric(input.initialNetMg),
        remainingGrams: mgToDbNumeric(remainingMg),
        tareGrams: mgToDbNumeric(input.tareMg),
        location: tidy(input.location),
        receivedOn: input.receivedOn,
        status: remainingMg === 0 ? 'empty' : 'active',
      })
      .returning({ id: spools.id })
    await tx.insert(spoolUsage).values({
      spoolId: row.id,
      kind: 'receive',
      deltaGrams: mgToDbNumeric(remainingMg),
      remainingGrams: mgToDbNumeric(remainingMg),
      userId: actor.id,
      username: actor.username,
    })
    const spool = (await getSpool(row.id, tx))!
    await audit(tx, actor, { action: 'spool.create', entityType: 'spool', entityId: spool.id, after: spool })
    return { ok: true as const, spool }
  })
}

export type SpoolResult =
  | { ok: true; spool: Spool; change?: SpoolChange }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; current: Spool }
  | { ok: false; reason: 'stock'; error: StockChangeError; current: Spool }

/** Edits a spool's details, or archives/restores it (archived spools count for nothing and take no stock changes). */
export async function changeSpool(
  actor: Actor,
  id: string,
  version: number,
  patch: { edit: SpoolEdit } | { archived: boolean },
): Promise<SpoolResult> {
  return db.transaction(async (tx) => {
    const before = await getSpool(id, tx, true)
    if (!before) return { ok: false as const, reason: 'not_found' as const }
    if (before.version !== version) return { ok: false as const, reason: 'conflict' as const, current: before }
    const set =
      'edit' in patch
        ? {
            batch: tidy(patch.edit.batch),
            initialNetGrams: mgToDbNumeric(patch.edit.initialNetMg),
            tareGrams: mgToDbNumeric(patch.edit.tareMg),
            location: tidy(patch.edit.location),
            receivedOn: patch.edit.receivedOn,
          }
        : { status: (patch.archived ? 'archived' : before.remainingMg > 0 ? 'active' : 'empty') as SpoolStatus }
    await tx
      .update(spools)
      .set({ ...set, updatedAt: sql`now()`, version: sql`${spools.version} + 1` })
      .where(eq(spools.id, id))
    const after = (await getSpool(id, tx))!
    const action = 'edit' in patch ? 'spool.update' : patch.archived ? 'spool.archive' : 'spool.restore'
    await audit(tx, actor, { action, entityType: 'spool', entityId: id, before, after })
    return { ok: true as const, spool: after }
  })
}
