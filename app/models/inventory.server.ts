/**
 * Filament inventory: drizzle queries and transactions. Plain arguments in, plain objects out; masses cross this
 * boundary as integer milligrams (the DB keeps grams as numeric(12,1): gramsNumericToMg / mgToDbNumeric).
 *
 * Every mutation is one transaction with exactly one audit row; a change of a spool's remaining filament also writes one
 * usage-log row per spool it touches (a FIFO consumption across two spools writes two usage rows, one audit row).
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { db, type DbOrTx } from '~db/client.server'
import { filaments, orders, printJobs, products, spools, spoolUsage } from '~db/schema'
import {
  consumeFifo,
  correct,
  deduct,
  gramsNumericToMg,
  materialColourKey,
  mgToDbNumeric,
  parseGrams,
  plannedUseMg,
  projectInventoryOutlook,
  weighIn,
  type ConsumeResult,
  type InventoryOutlook,
  type OutlookFilament,
  type OutlookJob,
  type OutlookSpool,
  type SpoolChange,
  type SpoolStatus,
  type StockChangeError,
} from '~/domain/inventory'
import { audit, type Actor } from '~/utils/audit.server'
import { env } from '~/utils/env.server'
import { isUniqueViolation } from '~/utils/db-errors.server'
import { isUuid } from '~/utils/ids'

// ---- shapes ---------------------------------------------------------------------------------------------------------

export interface Filament {
  id: string
  material: string
  colourName: string
  colourHex: string
  brand: string
  diameterMm: string
  densityGPerCm3: string
  costPerKg: string | null
  lowStockMg: number
  archivedAt: Date | null
  version: number
}

export interface FilamentInput {
  material: string
  colourName: string
  colourHex: string
  brand: string
  diameterMm: string
  densityGPerCm3: string
  costPerKg: string | null
  lowStockMg: number
}

export interface Spool {
  id: string
  filamentId: string
  material: string
  colourName: string
  colourHex: string
  brand: string
  batch: string
  initialNetMg: number
  remainingMg: number
  tareMg: number
  location: string
  receivedOn: string | null
  status: SpoolStatus
  version: number
  updatedAt: Date
}

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

export interface UsageEntry {
  id: number
  at: Date
  kind: string
  reason: string
  deltaMg: number
  remainingMg: number
  grossMg: number | null
  jobId: string | null
  username: string | null
}



const filamentColumns = {
  id: filaments.id,
  material: filaments.material,
  colourName: filaments.colourName,
  colourHex: filaments.colourHex,
  brand: filaments.brand,
  diameterMm: filaments.diameterMm,
  densityGPerCm3: filaments.densityGPerCm3,
  costPerKg: filaments.costPerKg,
  lowStockGrams: filaments.lowStockGrams,
  archivedAt: filaments.archivedAt,
  version: filaments.version,
}

type FilamentDbRow = Omit<Filament, 'lowStockMg'> & { lowStockGrams: string }

function toFilament(r: FilamentDbRow): Filament {
  const { lowStockGrams, ...rest } = r
  return { ...rest, lowStockMg: gramsNumericToMg(lowStockGrams) }
}

const spoolColumns = {
  id: spools.id,
  filamentId: spools.filamentId,
  material: filaments.material,
  colourName: filaments.colourName,
  colourHex: filaments.colourHex,
  brand: filaments.brand,
  batch: spools.batch,
  initialNetGrams: spools.initialNetGrams,
  remainingGrams: spools.remainingGrams,
  tareGrams: spools.tareGrams,
  location: spools.location,
  receivedOn: spools.receivedOn,
  status: spools.status,
  version: spools.version,
  updatedAt: spools.updatedAt,
}

type SpoolDbRow = {
  id: string
  filamentId: string
  material: string
  colourName: string
  colourHex: string
  brand: string
  batch: string
  initialNetGrams: string
  remainingGrams: string
  tareGrams: string
  location: string
  receivedOn: string | null
  status: SpoolStatus
  version: number
  updatedAt: Date
}

function toSpool(r: SpoolDbRow): Spool {
  const { initialNetGrams, remainingGrams, tareGrams, ...rest } = r
  return {
    ...rest,
    initialNetMg: gramsNumericToMg(initialNetGrams),
    remainingMg: gramsNumericToMg(remainingGrams),
    tareMg: gramsNumericToMg(tareGrams),
  }
}

/** Trims and collapses inner whitespace (what the unique index and FIFO pooling compare). */
export const tidy = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ')

// ---- filaments ------------------------------------------------------------------------------------------------------

export async function listFilaments(opts: { includeArchived?: boolean } = {}): Promise<Filament[]> {
  const rows = await db
    .select(filamentColumns)
    .from(filaments)
    .where(opts.includeArchived ? undefined : sql`${filaments.archivedAt} is null`)
    .orderBy(asc(filaments.material), asc(filaments.colourName), asc(filaments.brand))
  return rows.map(toFilament)
}

export async function getFilament(id: string): Promise<Filament | null> {
  if (!isUuid(id)) return null
  const rows = await db.select(filamentColumns).from(filaments).where(eq(filaments.id, id))
  return rows[0] ? toFilament(rows[0]) : null
}

function filamentValues(input: FilamentInput) {
  return {
    material: tidy(input.material),
    colourName: tidy(input.colourName),
    colourHex: input.colourHex.toLowerCase(),
    brand: tidy(input.brand),
    diameterMm: input.diameterMm,
    densityGPerCm3: input.densityGPerCm3,
    costPerKg: input.costPerKg,
    lowStockGrams: mgToDbNumeric(input.lowStockMg),
  }
}

export type FilamentResult =
  | { ok: true; filament: Filament }
  | { ok: false; reason: 'duplicate' }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; current: Filament }

export async function createFilament(actor: Actor, input: FilamentInput): Promise<FilamentResult> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(filaments).values(filamentValues(input)).returning(filamentColumns)
      const filament = toFilament(row)
      await audit(tx, actor, { action: 'filament.create', entityType: 'filament', entityId: filament.id, after: filament })
      return { ok: true as const, filament }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'duplicate' }
    throw e
  }
}

/** Saves a filament's fields, or archives/restores it, under the optimistic version check. */
export async function changeFilament(
  actor: Actor,
  id: string,
  version: number,
  patch: { input: FilamentInput } | { archived: boolean },
): Promise<FilamentResult> {
  if (!isUuid(id)) return { ok: false, reason: 'not_found' }
  try {
    return await db.transaction(async (tx) => {
      const rows = await tx.select(filamentColumns).from(filaments).where(eq(filaments.id, id)).for('update')
      if (!rows[0]) return { ok: false as const, reason: 'not_found' as const }
      const before = toFilament(rows[0])
      if (before.version !== version) return { ok: false as const, reason: 'conflict' as const, current: before }
      const [row] = await tx
        .update(filaments)
        .set({
          ...('input' in patch ? filamentValues(patch.input) : { archivedAt: patch.archived ? sql`now()` : null }),
          updatedAt: sql`now()`,
          version: sql`${filaments.version} + 1`,
        })
        .where(eq(filaments.id, id))
        .returning(filamentColumns)
      const filament = toFilament(row)
      const action = 'input' in patch ? 'filament.update' : patch.archived ? 'filament.archive' : 'filament.restore'
      await audit(tx, actor, { action, entityType: 'filament', entityId: id, before, after: filament })
      return { ok: true as const, filament }
    })
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, reason: 'duplicate' }
    throw e
  }
}

// ---- spools ---------------------------------------------------------------------------------------------------------

export interface SpoolFilters {
  material?: string
  colour?: string
  batch?: string
  /** A status, or 'all'. Default: every status but archived. */
  status?: SpoolStatus | 'all'
  location?: string
  filamentId?: string
  ids?: string[]
}

function spoolWhere(f: SpoolFilters): SQL | undefined {
  const where: SQL[] = []
  if (f.material) where.push(sql`lower(${filaments.material}) = lower(${tidy(f.material)})`)
  if (f.colour) where.push(sql`lower(${filaments.colourName}) = lower(${tidy(f.colour)})`)
  if (f.batch) where.push(eq(spools.batch, tidy(f.batch)))
  if (f.location) where.push(eq(spools.location, tidy(f.location)))
  if (f.filamentId && isUuid(f.filamentId)) where.push(eq(spools.filamentId, f.filamentId))
  if (f.ids) where.push(inArray(spools.id, f.ids.filter(isUuid).concat(['00000000-0000-0000-0000-000000000000'])))
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
    .orderBy(asc(filaments.material), asc(filaments.colourName), asc(spools.batch), asc(spools.receivedOn), asc(spools.id))
  return rows.map(toSpool)
}

export async function getSpool(id: string, tx: DbOrTx = db, lock = false): Promise<Spool | null> {
  if (!isUuid(id)) return null
  const q = tx.select(spoolColumns).from(spools).innerJoin(filaments, eq(filaments.id, spools.filamentId)).where(eq(spools.id, id))
  const rows = lock ? await q.for('update', { of: spools }) : await q
  return rows[0] ? toSpool(rows[0]) : null
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

export async function spoolUsageHistory(spoolId: string, limit = 200): Promise<UsageEntry[]> {
  if (!isUuid(spoolId)) return []
  const rows = await db.select().from(spoolUsage).where(eq(spoolUsage.spoolId, spoolId)).orderBy(desc(spoolUsage.id)).limit(limit)
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind,
    reason: r.reason,
    deltaMg: gramsNumericToMg(r.deltaGrams),
    remainingMg: gramsNumericToMg(r.remainingGrams),
    grossMg: r.grossGrams === null ? null : gramsNumericToMg(r.grossGrams),
    jobId: r.jobId,
    username: r.username,
  }))
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

export type StockChangeInput =
  | { kind: 'weigh'; grossMg: number; reason?: string }
  | { kind: 'deduct'; amountMg: number; reason: string }
  | { kind: 'correct'; remainingMg: number; reason: string }

async function writeChange(
  tx: DbOrTx,
  actor: Actor,
  change: SpoolChange,
  usage: { kind: 'weigh' | 'deduct' | 'correct' | 'consume'; reason: string; grossMg?: number; jobId?: string | null },
) {
  await tx
    .update(spools)
    .set({
      remainingGrams: mgToDbNumeric(change.remainingMg),
      status: change.status,
      updatedAt: sql`now()`,
      version: sql`${spools.version} + 1`,
    })
    .where(eq(spools.id, String(change.spoolId)))
  await tx.insert(spoolUsage).values({
    spoolId: String(change.spoolId),
    kind: usage.kind,
    reason: usage.reason,
    deltaGrams: mgToDbNumeric(change.deltaMg),
    remainingGrams: mgToDbNumeric(change.remainingMg),
    grossGrams: usage.grossMg === undefined ? null : mgToDbNumeric(usage.grossMg),
    jobId: usage.jobId ?? null,
    userId: actor.id,
    username: actor.username,
  })
}

/**
 * A weigh-in, deduction or correction of one spool: one transaction with the spool update, one usage-log row and one
 * audit row. The caller's `version` must still be current (two operators weighing the same spool: the second gets a
 * conflict with the newer values). Rule failures (gross below tare, more than remains, archived) change nothing.
 */
export async function changeStock(actor: Actor, id: string, version: number, input: StockChangeInput): Promise<SpoolResult> {
  return db.transaction(async (tx) => {
    const before = await getSpool(id, tx, true)
    if (!before) return { ok: false as const, reason: 'not_found' as const }
    if (before.version !== version) return { ok: false as const, reason: 'conflict' as const, current: before }
    const stock = { id, remainingMg: before.remainingMg, status: before.status, initialNetMg: before.initialNetMg, tareMg: before.tareMg }
    const result =
      input.kind === 'weigh'
        ? weighIn(stock, input.grossMg)
        : input.kind === 'deduct'
          ? deduct(stock, input.amountMg)
          : correct(stock, input.remainingMg)
    if (!result.ok) return { ok: false as const, reason: 'stock' as const, error: result, current: before }
    const reason = input.reason ?? ''
    await writeChange(tx, actor, result.change, {
      kind: input.kind,
      reason,
      grossMg: input.kind === 'weigh' ? input.grossMg : undefined,
    })
    const after = (await getSpool(id, tx))!
    await audit(tx, actor, {
      action: `spool.${input.kind}`,
      entityType: 'spool',
      entityId: id,
      before: { remainingMg: before.remainingMg, status: before.status, version: before.version },
      after: { remainingMg: after.remainingMg, status: after.status, version: after.version, reason, ...(input.kind === 'weigh' ? { grossMg: input.grossMg } : {}) },
    })
    return { ok: true as const, spool: after, change: result.change }
  })
}

// ---- consumption from recorded production ------------------------------------------------------------------------------

export type ConsumeFilamentInput = {
  /** Grams used, with at most one decimal (a number like 12.5 or a string like "12.5"). */
  grams: number | string
  reason: string
  jobId?: string | null
} & ({ material: string; colour: string; spoolId?: undefined } | { spoolId: string; material?: undefined; colour?: undefined })

/**
 * Records filament used by production, inside the CALLER's transaction (the scheduling module records the job's actual
 * output and the consumption together). Either from one chosen spool, or FIFO across the active spools of a material +
 * colour (pooled across brands and batches: oldest received first, then batch label). All-or-nothing: when the spools
 * hold less than asked nothing is written and the result says how much is missing. On success: one update and one
 * usage-log row per spool drawn from, and exactly one audit row. Spools reaching 0 g become `empty`.
 */
export async function consumeFilament(tx: DbOrTx, input: ConsumeFilamentInput, actor: Actor): Promise<ConsumeResult> {
  const parsed = parseGrams(String(input.grams))
  if (!parsed.ok) return { ok: false, code: 'invalid_amount' }
  const amountMg = parsed.mg

  let candidates: SpoolDbRow[]
  if (input.spoolId !== undefined) {
    if (!isUuid(input.spoolId)) return { ok: false, code: 'spool_not_found' }
    candidates = await tx
      .select(spoolColumns)
      .from(spools)
      .innerJoin(filaments, eq(filaments.id, spools.filamentId))
      .where(eq(spools.id, input.spoolId))
      .for('update', { of: spools })
  } else {
    const key = materialColourKey(input.material, input.colour)
    const all = await tx.select({ id: filaments.id, material: filaments.material, colourName: filaments.colourName }).from(filaments)
    const ids = all.filter((f) => materialColourKey(f.material, f.colourName) === key).map((f) => f.id)
    candidates = ids.length
      ? await tx
          .select(spoolColumns)
          .from(spools)
          .innerJoin(filaments, eq(filaments.id, spools.filamentId))
          .where(and(inArray(spools.filamentId, ids), eq(spools.status, 'active')))
          .orderBy(asc(spools.id)) // lock in one order everywhere: no deadlocks between two consumers
          .for('update', { of: spools })
      : []
  }
  const pool = candidates.map(toSpool).map((s) => ({
    id: s.id,
    remainingMg: s.remainingMg,
    status: s.status,
    material: s.material,
    colour: s.colourName,
    batch: s.batch,
    receivedAt: s.receivedOn,
  }))
  const result = consumeFifo(
    pool,
    input.spoolId !== undefined ? { amountMg, spoolId: input.spoolId } : { amountMg, material: input.material, colour: input.colour },
  )
  if (!result.ok) return result
  for (const change of result.deductions) {
    await writeChange(tx, actor, change, { kind: 'consume', reason: input.reason, jobId: input.jobId ?? null })
  }
  await audit(tx, actor, {
    action: 'spool.consume',
    entityType: 'spool',
    entityId: result.deductions.length === 1 ? String(result.deductions[0].spoolId) : null,
    after: {
      material: input.material ?? null,
      colour: input.colour ?? null,
      spoolId: input.spoolId ?? null,
      consumedMg: result.consumedMg,
      reason: input.reason,
      jobId: input.jobId ?? null,
      deductions: result.deductions.map((d) => ({ spoolId: d.spoolId, previousMg: d.previousMg, remainingMg: d.remainingMg, status: d.status })),
    },
  })
  return result
}

// ---- projected outlook ------------------------------------------------------------------------------------------------

/**
 * Planned filament use of all planned, not-yet-started print jobs (scheduling module's table): units × the grams per
 * unit copied onto the job, plus the product's waste %.
 */
export async function plannedFilamentUse(opts: { lockedOnly?: boolean } = {}): Promise<OutlookJob[]> {
  const rows = await db
    .select({
      id: printJobs.id,
      ref: orders.reference,
      orderId: printJobs.orderId,
      filamentId: printJobs.filamentId,
      material: printJobs.material,
      colour: printJobs.colour,
      plannedStart: printJobs.startsAt,
      units: printJobs.units,
      gramsPerUnit: printJobs.gramsPerUnit,
      wastePct: products.wastePct,
    })
    .from(printJobs)
    .innerJoin(orders, eq(orders.id, printJobs.orderId))
    .innerJoin(products, eq(products.id, printJobs.productId))
    .where(opts.lockedOnly ? and(eq(printJobs.status, 'planned'), eq(printJobs.locked, true)) : eq(printJobs.status, 'planned'))
  return rows.map((r) => ({
    id: r.id,
    ref: r.ref,
    orderId: r.orderId,
    filamentId: r.filamentId,
    material: r.material,
    colour: r.colour,
    plannedStart: r.plannedStart,
    plannedUseMg: plannedUseMg(r.units, gramsNumericToMg(r.gramsPerUnit), Number(r.wastePct)),
  }))
}

/**
 * Gives filament back to the spools a job drew from (a correction that lowers the grams used): latest-drawn spool
 * first, never more than the job took net from each spool. Caller's transaction; one usage row per spool, one audit row.
 */
export async function returnFilamentForJob(tx: DbOrTx, actor: Actor, jobId: string, amountMg: number, reason: string): Promise<number> {
  const rows = await tx
    .select({ spoolId: spoolUsage.spoolId, delta: spoolUsage.deltaGrams, id: spoolUsage.id })
    .from(spoolUsage)
    .where(eq(spoolUsage.jobId, jobId))
    .orderBy(desc(spoolUsage.id))
  const net = new Map<string, number>()
  const order: string[] = []
  for (const r of rows) {
    if (!net.has(r.spoolId)) order.push(r.spoolId)
    net.set(r.spoolId, (net.get(r.spoolId) ?? 0) - gramsNumericToMg(r.delta))
  }
  let left = amountMg
  const returned: Array<{ spoolId: string; mg: number }> = []
  for (const spoolId of order) {
    if (left <= 0) break
    const give = Math.min(left, net.get(spoolId) ?? 0)
    if (give <= 0) continue
    const spool = await getSpool(spoolId, tx, true)
    if (!spool) continue
    const remainingMg = spool.remainingMg + give
    await writeChange(
      tx,
      actor,
      {
        spoolId,
        previousMg: spool.remainingMg,
        remainingMg,
        deltaMg: give,
        previousStatus: spool.status,
        status: spool.status === 'empty' ? 'active' : spool.status,
        warnings: [],
      },
      { kind: 'correct', reason, jobId },
    )
    returned.push({ spoolId, mg: give })
    left -= give
  }
  if (returned.length) {
    await audit(tx, actor, { action: 'spool.return', entityType: 'spool', entityId: returned.length === 1 ? returned[0].spoolId : null, after: { jobId, reason, returned } })
  }
  return amountMg - left
}

export interface OutlookData {
  outlook: InventoryOutlook
  filaments: OutlookFilament[]
  spools: Spool[]
}

/**
 * Stock (active spools, all non-archived filaments) projected against the plan plus any `extraJobs`. `planned` replaces
 * the stored plan (the plan preview passes its own jobs).
 */
export async function inventoryOutlook(extraJobs: OutlookJob[] = [], now: Date = new Date(), planned?: OutlookJob[]): Promise<OutlookData> {
  const [filamentRows, activeSpools, plannedJobs] = await Promise.all([
    listFilaments(),
    listSpools({ status: 'active' }),
    planned ?? plannedFilamentUse(),
  ])
  const outlookFilaments: OutlookFilament[] = filamentRows.map((f) => ({
    id: f.id,
    material: f.material,
    colourName: f.colourName,
    colourHex: f.colourHex,
    brand: f.brand,
    lowStockMg: f.lowStockMg,
  }))
  const outlookSpools: OutlookSpool[] = activeSpools.map((s) => ({
    id: s.id,
    // A spool of an archived filament still holds filament: pool it by its own material + colour.
    filamentId: s.filamentId,
    material: s.material,
    colour: s.colourName,
    batch: s.batch,
    receivedAt: s.receivedOn,
    status: s.status,
    remainingMg: s.remainingMg,
  }))
  const outlook = projectInventoryOutlook({
    filaments: outlookFilaments,
    spools: outlookSpools,
    jobs: [...plannedJobs, ...extraJobs],
    today: now,
    timeZone: env().SHOP_TIME_ZONE,
  })
  return { outlook, filaments: outlookFilaments, spools: activeSpools }
}
