/**
 * Raw-sample retention (issue 19 item 5; docs/decisions/015-vibration-retention.md). Sample blocks live in weekly
 * partitions of `vibration_blocks_raw` (drizzle/0016_vibration_retention.sql). A run — at start, every 6 hours, or an
 * administrator's "run now" — makes the partitions of this week and the next four, then, for each partition whose whole
 * week is older than VIBRATION_RAW_RETENTION_DAYS (default 90; 0 keeps everything), in one transaction: moves the
 * blocks behind fault windows and behind every baseline's windows to `vibration_blocks_kept`, marks the recordings that
 * lose samples (`samples_expired_at`), and drops the partition — whole files, no row deletes, no bloat. Window features
 * and diagnoses are rows of other tables and stay for good. Every run is stored (the page shows the last ones) and a run
 * that removed something, or that a person started, is audited.
 */
import { desc, sql } from 'drizzle-orm'
import { db, resultRows, type Tx } from '~db/client.server'
import { vibrationRetentionRuns, type RetentionTrigger, type VibrationRetentionRun } from '~db/schema'
import { DEFAULT_WINDOW_SIZE } from '~/domain/vibration/diagnosis'
import { addDays } from '~/domain/time/zoned'
import { duePartitions, parseRangeBound, partitionName, PARTITION_PREFIX, retentionCutoff, utcDay, weeksToMake, type RawPartition } from '~/domain/vibration/retention/partitions'
import { audit, type Actor } from '~/utils/audit.server'

const RETENTION_ACTOR: Actor = { id: null, username: 'retention' }
const LOCK = sql`select pg_advisory_xact_lock(hashtextextended('mes-lite vibration retention', 0))`

export interface RetentionOptions {
  now: Date
  days: number
  trigger: RetentionTrigger
  /** A person who asked for the run (trigger 'manual'). */
  actor?: Actor
}

/** The weekly partitions of raw blocks there are (not the default one). */
export async function rawPartitions(): Promise<RawPartition[]> {
  const rows = resultRows<{ name: string; bound: string }>(
    await db.execute(sql`
      select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'vibration_blocks_raw'::regclass`),
  )
  return rows.flatMap((r) => {
    const b = r.name.startsWith(PARTITION_PREFIX) ? parseRangeBound(r.bound) : null
    return b ? [{ name: r.name, ...b }] : []
  })
}

/**
 * Makes the partitions of this week and the next few (how many it made). Blocks that went to the default partition for
 * want of one (a server off for weeks) move into the new partition in the same transaction.
 */
export async function ensureWeekPartitions(now: Date): Promise<number> {
  let made = 0
  for (const week of weeksToMake(now, await rawPartitions())) {
    const name = partitionName(week)
    const to = addDays(week, 7)
    await db.transaction(async (tx) => {
      await tx.execute(LOCK)
      if (await exists(tx, name)) return
      // A partition cannot be attached over rows of the default one: those move first.
      await tx.execute(sql.raw(`create table "${name}" (like vibration_blocks_raw including defaults)`))
      await tx.execute(sql`
        with moved as (delete from vibration_blocks_raw_default where stored_on >= ${week} and stored_on < ${to} returning *)
        insert into ${sql.raw(`"${name}"`)} select * from moved`)
      await tx.execute(sql.raw(`alter table vibration_blocks_raw attach partition "${name}" for values from ('${week}') to ('${to}')`))
      made++
    })
  }
  return made
}

async function exists(tx: Tx, name: string): Promise<boolean> {
  const [row] = resultRows<{ oid: string | null }>(await tx.execute(sql`select to_regclass(${name})::text as oid`))
  return row?.oid != null
}

interface Expired {
  removed: number
  kept: number
  recordings: number
}

/**
 * Within blocks stored in [from, to) (not yet kept): keeps those behind a fault window or a baseline's window, marks the
 * recordings losing samples, and returns what is left to remove. The caller removes it (drops the partition, or deletes
 * from the default one).
 */
async function keepAndMark(tx: Tx, table: string, from: string, to: string, now: Date): Promise<Expired> {
  const W = DEFAULT_WINDOW_SIZE
  // The blocks behind window i: floor(i·W / blockSize) … floor(((i+1)·W − 1) / blockSize) (windowBlocks in the domain).
  const kept = resultRows<{ n: number }>(
    await tx.execute(sql`
      with recs as (
        select distinct recording_id from ${sql.raw(table)} where kept = false and stored_on >= ${from} and stored_on < ${to}
      ),
      windows as (
        select d.recording_id, d.window_index from vibration_diagnosis d join recs using (recording_id) where d.fault_type > 0
        union
        select d.recording_id, d.window_index
        from vibration_baselines b
        join vibration_diagnosis d
          on d.machine_id = b.machine_id and d.sensor_no = b.sensor_no
          and (d.recording_id = any(b.recording_ids) or d.recording_id = b.recording_id)
          and (b.range_from is null or d.window_start >= b.range_from)
          and (b.range_to is null or d.window_end <= b.range_to)
        join recs on recs.recording_id = d.recording_id
      ),
      blocks as (
        select distinct w.recording_id, generate_series((w.window_index * ${W}) / r.block_size, ((w.window_index + 1) * ${W} - 1) / r.block_size) as block_no
        from windows w join vibration_recordings r on r.id = w.recording_id
      ),
      moved as (
        update vibration_blocks v set kept = true from blocks k
        where v.recording_id = k.recording_id and v.block_no = k.block_no and v.kept = false and v.stored_on >= ${from} and v.stored_on < ${to}
        returning 1
      )
      select count(*)::int as n from moved`),
  )
  const [left] = resultRows<{ blocks: number; recordings: number }>(
    await tx.execute(sql`
      with remaining as (
        select recording_id, count(*) as n from ${sql.raw(table)} where kept = false and stored_on >= ${from} and stored_on < ${to} group by recording_id
      ),
      marked as (
        update vibration_recordings set samples_expired_at = coalesce(samples_expired_at, ${now.toISOString()}::timestamptz)
        where id in (select recording_id from remaining)
        returning 1
      )
      select (select coalesce(sum(n), 0)::int from remaining) as blocks, (select count(*)::int from marked) as recordings`),
  )
  return { removed: left?.blocks ?? 0, kept: kept[0]?.n ?? 0, recordings: left?.recordings ?? 0 }
}

/** One run of the retention job; stores (and, when it removed something or a person asked, audits) what it did. */
export async function runRetention(o: RetentionOptions): Promise<VibrationRetentionRun> {
  const startedAt = new Date()
  const cutoff = retentionCutoff(o.now, o.days)
  const totals = { partitionsDropped: 0, blocksRemoved: 0, blocksKept: 0, recordingsExpired: 0, partitionsCreated: 0 }
  let error: string | null = null
  try {
    totals.partitionsCreated = await ensureWeekPartitions(o.now)
    for (const p of duePartitions(await rawPartitions(), cutoff)) {
      await db.transaction(async (tx) => {
        await tx.execute(LOCK)
        if (!(await exists(tx, p.name))) return // another instance was first
        const e = await keepAndMark(tx, `"${p.name}"`, p.from, p.to, o.now)
        await tx.execute(sql.raw(`drop table "${p.name}"`))
        add(totals, e)
        totals.partitionsDropped++
      })
    }
    // Rows in the default partition (stored while no partition of their week existed) expire row by row.
    if (cutoff !== null) {
      await db.transaction(async (tx) => {
        await tx.execute(LOCK)
        const e = await keepAndMark(tx, 'vibration_blocks_raw_default', '0001-01-01', cutoff, o.now)
        if (e.removed > 0) await tx.execute(sql`delete from vibration_blocks_raw_default where stored_on < ${cutoff}`)
        add(totals, e)
      })
    }
  } catch (e) {
    error = String((e as Error)?.message ?? e).slice(0, 500)
    console.error(JSON.stringify({ level: 'error', msg: 'vibration retention failed', error: String((e as Error)?.stack ?? e).slice(0, 2000) }))
  }
  return db.transaction(async (tx) => {
    const [run] = await tx
      .insert(vibrationRetentionRuns)
      .values({
        trigger: o.trigger,
        status: error ? 'failed' : 'done',
        cutoff: cutoff ?? utcDay(o.now),
        retentionDays: o.days,
        ...totals,
        error,
        requestedBy: o.actor?.id ?? null,
        requestedByName: o.actor?.username ?? null,
        startedAt,
      })
      .returning()
    if (o.trigger === 'manual' || totals.blocksRemoved > 0 || totals.partitionsDropped > 0 || error) {
      await audit(tx, o.actor ?? RETENTION_ACTOR, {
        action: 'vibration.retention.run',
        entityType: 'vibration_retention_run',
        entityId: run!.id,
        after: { cutoff, retentionDays: o.days, status: run!.status, ...totals, error },
      })
    }
    return run!
  })
}

function add(t: { blocksRemoved: number; blocksKept: number; recordingsExpired: number }, e: Expired) {
  t.blocksRemoved += e.removed
  t.blocksKept += e.kept
  t.recordingsExpired += e.recordings
}

/** The last runs, newest first (the machines page). */
export async function recentRetentionRuns(limit = 5): Promise<VibrationRetentionRun[]> {
  return db.select().from(vibrationRetentionRuns).orderBy(desc(vibrationRetentionRuns.finishedAt)).limit(limit)
}
