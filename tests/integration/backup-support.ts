/** Shared by the backup tests: a whole-database fingerprint to compare before and after a backup or restore. */

/** One SQL statement → its rows (postgres-js or PGlite). */
export type Q = (text: string) => Promise<Array<Record<string, unknown>>>

/** table → "rows:md5 of all rows as text, sorted" for every table of the app. */
export async function fingerprint(query: Q): Promise<Record<string, string>> {
  const tables = (await query(`select tablename from pg_tables where schemaname = 'public' order by 1`)).map((r) => String(r.tablename))
  const out: Record<string, string> = {}
  for (const t of tables) {
    const [row] = await query(`select count(*)::int as n, coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from "${t}" x`)
    out[t] = `${row.n}:${row.h}`
  }
  return out
}
