/**
 * The stored live state (issue 18 item 3): the latest row per printer and the history of state changes. The poller
 * writes them in batches; every instance and page reads them here, with "offline" worked out at read time from the last
 * time the printer was heard from (app/domain/printers/live/state.ts `effectiveLive`), so a page is right even when no
 * poller runs.
 */
import { and, asc, desc, eq, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { printerConnections, printerLiveState, printerPrints, printers, printerStateChanges } from '~db/schema'
import { effectiveLive, type LiveRecord, type LiveState } from '~/domain/printers/live/state'

export interface LiveView extends LiveRecord {
  printerId: string
  updatedAt: Date
}

const columns = {
  printerId: printerLiveState.printerId,
  state: printerLiveState.state,
  progress: printerLiveState.progress,
  remainingSeconds: printerLiveState.remainingSeconds,
  file: printerLiveState.file,
  nozzleC: printerLiveState.nozzleC,
  bedC: printerLiveState.bedC,
  message: printerLiveState.message,
  filamentMm: printerLiveState.filamentMm,
  lastSeenAt: printerLiveState.lastSeenAt,
  connectedSince: printerLiveState.connectedSince,
  lastError: printerLiveState.lastError,
  lastErrorAt: printerLiveState.lastErrorAt,
  updatedAt: printerLiveState.updatedAt,
}

/** The stored rows as written (no offline rule): the poller's starting point. */
export async function storedLive(printerIds: string[]): Promise<Map<string, LiveView>> {
  if (printerIds.length === 0) return new Map()
  const rows = await db.select(columns).from(printerLiveState).where(inArray(printerLiveState.printerId, printerIds))
  return new Map(rows.map((r) => [r.printerId, r]))
}

/** One printer's live state as a reader should see it at `now`; null when it has never had one. */
export async function liveOf(printerId: string, now: Date): Promise<LiveView | null> {
  const [row] = await db.select(columns).from(printerLiveState).where(eq(printerLiveState.printerId, printerId))
  return row ? effectiveLive(row, now) : null
}

/** Live state of several printers (dashboard, fleet list, Gantt), as readers should see it at `now`. */
export async function liveOfMany(printerIds: string[], now: Date): Promise<Map<string, LiveView>> {
  const stored = await storedLive(printerIds)
  return new Map([...stored].map(([id, row]) => [id, effectiveLive(row, now)]))
}

/** Every connected printer's live state at `now`, labelled by its asset id, in asset-id order (the board's strip). */
export async function liveLines(now: Date): Promise<Array<{ id: string; label: string; live: LiveView }>> {
  const rows = await db
    .select({ ...columns, assetId: printers.assetId })
    .from(printerLiveState)
    .innerJoin(printers, eq(printers.id, printerLiveState.printerId))
    .innerJoin(printerConnections, eq(printerConnections.printerId, printerLiveState.printerId))
    .where(ne(printerConnections.type, 'none'))
    .orderBy(asc(printers.assetId))
  return rows.map(({ assetId, ...live }) => ({ id: live.printerId, label: assetId, live: effectiveLive(live, now) }))
}

/** An asset id as printers store them (upper case, app/components/printers/schemas.ts); anything else names no printer. */
const ASSET_ID = /^[A-Z0-9][A-Z0-9._-]{0,31}$/

/** The printer's id by its asset id (the API names printers by the label on them; case-insensitive). */
export async function printerIdByAssetId(assetId: string): Promise<string | null> {
  const wanted = assetId.trim().toUpperCase()
  // Found by the fuzz: a NUL in the path segment reached the query (500); such a name is no printer's.
  if (!ASSET_ID.test(wanted)) return null
  const [row] = await db.select({ id: printers.id }).from(printers).where(eq(printers.assetId, wanted))
  return row?.id ?? null
}

export interface StateChange {
  printerId: string
  fromState: LiveState | null
  toState: LiveState
  at: Date
  file: string | null
  progress: number | null
  message: string | null
  /** Filament used at that moment, mm (not kept in the history: the print's record takes it). */
  filamentMm?: number | null
}

export async function recentStateChanges(printerId: string, limit = 10): Promise<StateChange[]> {
  return db
    .select({
      printerId: printerStateChanges.printerId,
      fromState: printerStateChanges.fromState,
      toState: printerStateChanges.toState,
      at: printerStateChanges.at,
      file: printerStateChanges.file,
      progress: printerStateChanges.progress,
      message: printerStateChanges.message,
    })
    .from(printerStateChanges)
    .where(eq(printerStateChanges.printerId, printerId))
    .orderBy(desc(printerStateChanges.at), desc(printerStateChanges.id))
    .limit(limit)
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/**
 * Writes the latest rows and the state changes of a batch in one transaction (two statements, whatever the batch size).
 * Rows of printers whose connection was removed meanwhile (type none, or the printer gone) are skipped, so a poller
 * that has not yet noticed cannot bring a removed live state back.
 */
export async function writeLiveBatch(rows: Array<{ printerId: string; record: LiveRecord }>, changes: StateChange[]): Promise<void> {
  if (rows.length === 0 && changes.length === 0) return
  const live = JSON.stringify(
    rows.map(({ printerId, record: r }) => ({
      printer_id: printerId,
      state: r.state,
      progress: r.progress,
      remaining_seconds: r.remainingSeconds,
      file: r.file,
      nozzle_c: r.nozzleC,
      bed_c: r.bedC,
      message: r.message,
      filament_mm: r.filamentMm,
      last_seen_at: iso(r.lastSeenAt),
      connected_since: iso(r.connectedSince),
      last_error: r.lastError,
      last_error_at: iso(r.lastErrorAt),
    })),
  )
  const history = JSON.stringify(
    changes.map((c) => ({ printer_id: c.printerId, from_state: c.fromState, to_state: c.toState, at: c.at.toISOString(), file: c.file, progress: c.progress, message: c.message })),
  )
  const connected = sql.raw(`exists (select 1 from printer_connections c where c.printer_id = v.printer_id and c.type <> 'none')`)
  await db.transaction(async (tx) => {
    if (rows.length) {
      await tx.execute(sql`
        insert into printer_live_state (printer_id, state, progress, remaining_seconds, file, nozzle_c, bed_c, message, filament_mm, last_seen_at, connected_since, last_error, last_error_at, updated_at)
        select v.printer_id, v.state, v.progress, v.remaining_seconds, v.file, v.nozzle_c, v.bed_c, v.message, v.filament_mm, v.last_seen_at, v.connected_since, v.last_error, v.last_error_at, now()
        from jsonb_to_recordset(${live}::jsonb) as v(printer_id uuid, state text, progress float8, remaining_seconds int, file text, nozzle_c float8, bed_c float8, message text, filament_mm float8,
          last_seen_at timestamptz, connected_since timestamptz, last_error text, last_error_at timestamptz)
        where ${connected}
        on conflict (printer_id) do update set state = excluded.state, progress = excluded.progress, remaining_seconds = excluded.remaining_seconds, file = excluded.file,
          nozzle_c = excluded.nozzle_c, bed_c = excluded.bed_c, message = excluded.message, filament_mm = excluded.filament_mm, last_seen_at = excluded.last_seen_at,
          connected_since = excluded.connected_since, last_error = excluded.last_error, last_error_at = excluded.last_error_at, updated_at = now()`)
    }
    if (changes.length) {
      await tx.execute(sql`
        insert into printer_state_changes (printer_id, from_state, to_state, at, file, progress, message)
        select v.printer_id, v.from_state, v.to_state, v.at, v.file, v.progress, v.message
        from jsonb_to_recordset(${history}::jsonb) as v(printer_id uuid, from_state text, to_state text, at timestamptz, file text, progress float8, message text)
        where ${connected}
        order by v.at`)
    }
  })
}

/** How long the state-change history and ended prints are kept (the leader prunes them hourly). */
export const HISTORY_DAYS = 90

/**
 * Deletes state changes and ended prints older than `keepDays` before `now` (a print whose job still waits to be
 * recorded is younger than two days in the bench's eyes, so nothing an operator could still confirm is lost).
 */
export async function pruneHistory(now: Date, keepDays = HISTORY_DAYS): Promise<{ changes: number; prints: number }> {
  const before = new Date(now.getTime() - keepDays * 86_400_000)
  const changes = await db.delete(printerStateChanges).where(lt(printerStateChanges.at, before)).returning({ id: printerStateChanges.id })
  const prints = await db
    .delete(printerPrints)
    .where(and(isNotNull(printerPrints.endedAt), lt(printerPrints.endedAt, before)))
    .returning({ id: printerPrints.id })
  return { changes: changes.length, prints: prints.length }
}
