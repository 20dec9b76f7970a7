import { sql } from 'drizzle-orm'
import { db, resultRows } from '~db/client.server'

/**
 * A fingerprint of every table of the app in one query: per table its row count and a checksum of all its rows — the sum
 * of a 64-bit hash of each row's text (binary columns by their md5). Order-independent, so no sort: half the cost of an
 * md5 over the sorted rows with the same power to notice a change, which matters at one fingerprint per input. "The
 * database is unchanged" is one comparison. Left out, because they change legitimately on requests that change nothing a
 * user made:
 * - `sessions.last_seen_at`: every signed-in request may touch it (at most once a minute, see session.server.ts);
 * - `api_tokens.last_used_at`: every API request may touch it (at most once a minute, see api-auth.server.ts).
 * Everything else counts, `audit_log` and `login_attempts` included: a target whose rejected inputs may write there (a
 * failed login is recorded and audited) says so itself (`Target.mayChangeOnReject`).
 */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  sessions: ['last_seen_at'],
  api_tokens: ['last_used_at'],
}

export type Fingerprint = Record<string, { n: number; h: string }>

/** Rows of `db.execute` on either driver (postgres-js gives an array, PGlite `{ rows }`). */

/** Per table: the expression of a row's text (volatile columns left out, binary ones by their md5). */
let rowText: Map<string, string> | null = null

async function rowTexts(): Promise<Map<string, string>> {
  if (rowText) return rowText
  const columns = resultRows<{ table_name: string; column_name: string; data_type: string }>(
    await db.execute(
      sql`select table_name, column_name, data_type from information_schema.columns
          where table_schema = 'public' and table_name in (select tablename from pg_tables where schemaname = 'public')
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

/** The fingerprint of every table, or of the named ones only (to refresh a fingerprint after a known change). */
export async function fingerprint(only?: string[]): Promise<Fingerprint> {
  const texts = await rowTexts()
  const query = [...texts]
    .filter(([t]) => !only || only.includes(t))
    .map(([t, row]) => `select '${t}' as t, count(*)::int as n, coalesce(sum(hashtextextended(${row}, 0)), 0)::text as h from "${t}" x`)
    .join(' union all ')
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

/**
 * Empties every table but the fuzz actors' users and sessions, so each target starts from its own fixture and the
 * fingerprint stays small.
 */
export async function resetData(): Promise<void> {
  const tables = resultRows<{ tablename: string }>(await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`))
    .map((r) => r.tablename)
    .filter((t) => t !== 'users' && t !== 'sessions')
  if (tables.length) await db.execute(sql.raw(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`))
}
