import { sql } from 'drizzle-orm'
import { db, getDbHandle, resultRows, type DbHandle } from '~db/client.server'

/**
 * A fingerprint of the app's tables in one query: per table its row count and a checksum of all its rows — the sum of a
 * 64-bit hash of each row's text (binary columns by their md5). Order-independent, so no sort: half the cost of an md5
 * over the sorted rows with the same power to notice a change. "The database is unchanged" is one comparison. Left out,
 * because they change legitimately on requests that change nothing a user made:
 * - `sessions.last_seen_at`: every signed-in request may touch it (at most once a minute, see session.server.ts);
 * - `api_tokens.last_used_at` and `last_used_ip`: every API request may touch them (at most once a minute, see
 *   api-auth.server.ts).
 * Everything else counts, `audit_log` and `login_attempts` included: a target whose rejected inputs may write there (a
 * failed login is recorded and audited) says so itself (`Target.mayChangeOnReject`).
 *
 * The fuzz takes one after every input, but reads again only the tables that input wrote (plus `audit_log`): which ones,
 * the database says itself — a statement trigger on every table notes its name in `fuzz.writes` (see `trackWrites`);
 * the others keep their last fingerprint (`trackedFingerprint`). Each target ends by comparing that with a full one.
 */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  sessions: ['last_seen_at'],
  api_tokens: ['last_used_at', 'last_used_ip'],
}

export type Fingerprint = Record<string, { n: number; h: string }>

/**
 * The app's tables: not the partitions of a partitioned one (vibration_blocks' weeks), whose rows are the parent's —
 * read, noted (its statement trigger fires for writes through it) and truncated through the parent.
 */
const APP_TABLES = sql.raw(`select c.relname as tablename from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition`)

/** Per table: the expression of a row's text (volatile columns left out, binary ones by their md5). */
let rowText: Map<string, string> | null = null

async function rowTexts(): Promise<Map<string, string>> {
  if (rowText) return rowText
  const columns = resultRows<{ table_name: string; column_name: string; data_type: string }>(
    await db.execute(
      sql`select table_name, column_name, data_type from information_schema.columns
          where table_schema = 'public' and table_name in (${APP_TABLES})
          order by table_name, ordinal_position`,
    ),
  )
  const tables = new Map<string, string[]>()
  for (const c of columns) {
    if (VOLATILE_COLUMNS[c.table_name]?.includes(c.column_name)) continue
    const expr = c.data_type === 'bytea' ? `md5(x."${c.column_name}")` : `x."${c.column_name}"`
    tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), expr])
  }
  rowText = new Map([...tables].map(([t, cols]) => [t, `row(${cols.join(', ')})::text`]))
  return rowText
}

/** The fingerprint of every table, or of the named ones only. */
export async function fingerprint(only?: string[]): Promise<Fingerprint> {
  const texts = await rowTexts()
  const query = [...texts]
    .filter(([t]) => !only || only.includes(t))
    .map(([t, row]) => `select '${t}' as t, count(*)::int as n, coalesce(sum(hashtextextended(${row}, 0)), 0)::text as h from "${t}" x`)
    .join(' union all ')
  if (!query) return {}
  const rows = resultRows<{ t: string; n: number; h: string }>(await db.execute(sql.raw(query)))
  return Object.fromEntries(rows.map((r) => [r.t, { n: Number(r.n), h: r.h }]))
}

/** Tables whose content differs, with their row counts before → after. */
export function changedTables(before: Fingerprint, after: Fingerprint): Record<string, string> {
  const out: Record<string, string> = {}
  for (const t of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[t]
    const b = after[t]
    if (a?.h !== b?.h || a?.n !== b?.n) out[t] = `${a?.n ?? '-'} → ${b?.n ?? '-'} rows`
  }
  return out
}

// ---- which tables a request wrote -----------------------------------------------------------------------------------

const tracked = new WeakSet<DbHandle>()

/**
 * Installs, once per test database, a statement trigger on every table of the app that notes the table's name in
 * `fuzz.writes` on insert, update, delete, truncate and COPY (a cascade's delete or update runs as a statement on the
 * referencing table, so it is noted too). The note is written in the writing transaction: a rolled-back write leaves
 * none. Append-only, no key: two transactions noting the same table never wait for each other. Its own schema, so the
 * fingerprint, `resetData` and the per-file truncate never see it.
 */
export async function trackWrites(): Promise<void> {
  const handle = getDbHandle()
  if (tracked.has(handle)) return
  await db.execute(sql`create schema if not exists fuzz`)
  await db.execute(sql`create table if not exists fuzz.writes (t text not null)`)
  await db.execute(
    sql.raw(`create or replace function fuzz.note_write() returns trigger language plpgsql as $$
      begin insert into fuzz.writes values (tg_table_name); return null; end $$`),
  )
  const tables = resultRows<{ tablename: string }>(await db.execute(sql`select tablename from (${APP_TABLES}) x`)).map((r) => r.tablename)
  for (const t of tables) {
    await db.execute(
      sql.raw(`create or replace trigger fuzz_note_write after insert or update or delete or truncate on public."${t}" for each statement execute function fuzz.note_write()`),
    )
  }
  const [{ n }] = resultRows<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from pg_trigger tg join pg_class c on c.oid = tg.tgrelid join pg_namespace ns on ns.oid = c.relnamespace
                         where tg.tgname = 'fuzz_note_write' and ns.nspname = 'public'`),
  )
  if (Number(n) !== tables.length) throw new Error(`write tracking: ${n} triggers for ${tables.length} tables`)
  tracked.add(handle)
}

/** The tables written since the last call (and forgets them). */
export async function takeWrites(): Promise<string[]> {
  return [...new Set(resultRows<{ t: string }>(await db.execute(sql`delete from fuzz.writes returning t`)).map((r) => r.t))]
}

/**
 * The fingerprint of every table, kept current cheaply: `now()` reads again only the tables written since the last look
 * (and the ones named), the rest keep their last fingerprint — the same answer as `fingerprint()` as long as every write
 * is noted, which `verify()` checks against a full one. Needs `trackWrites()`.
 */
export function trackedFingerprint() {
  let known: Fingerprint | null = null
  const pending = new Set<string>()
  const take = async () => {
    for (const t of await takeWrites()) pending.add(t)
  }
  const reread = async (tables: string[]) => {
    if (!known) {
      pending.clear()
      known = await fingerprint()
      return known
    }
    for (const t of tables) pending.delete(t)
    if (tables.length) known = { ...known, ...(await fingerprint(tables)) }
    return known
  }
  return {
    /** Every table now; `also`: tables to read again whether written or not. */
    async now(also: string[] = []): Promise<Fingerprint> {
      await take()
      return reread([...new Set([...pending, ...also])])
    },
    /** Reads again only the named tables: writes elsewhere stay pending for the next `now()`. */
    async refresh(tables: string[]): Promise<Fingerprint> {
      await take()
      return reread(tables)
    },
    /** Tables whose full fingerprint differs from the kept one: writes the triggers did not note (none, or a bug). */
    async verify(): Promise<Record<string, string>> {
      return changedTables(await this.now(), await fingerprint())
    },
  }
}

/**
 * Empties every table but the fuzz actors' users and sessions, so each target starts from its own fixture and the
 * fingerprint stays small.
 */
export async function resetData(): Promise<void> {
  const tables = resultRows<{ tablename: string }>(await db.execute(sql`select tablename from (${APP_TABLES}) x`))
    .map((r) => r.tablename)
    .filter((t) => t !== 'users' && t !== 'sessions')
  if (tables.length) await db.execute(sql.raw(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`))
}
