/** Filament definitions: list, read, create, edit, archive/restore. One transaction and one audit row per change. */
import { asc, eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { filaments } from '~db/schema'
import { mgToDbNumeric, tidy } from '~/domain/inventory'
import { audit, type Actor } from '~/utils/audit.server'
import { isUniqueViolation } from '~/utils/db-errors.server'
import { isUuid } from '~/utils/ids'
import { filamentColumns, toFilament, type Filament } from './shapes.server'

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
