/** Reading many rows as one JSON array of arrays, built by the database (for the big lists of the main pages). */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { db, resultRows, type DbOrTx } from '~db/client.server'

/**
 * `select json_agg(json_build_array(columns…) order by …) from … where …`, parsed: one text value instead of a row per
 * record. Thousands of rows read the usual way cost the server a driver row object, the ORM's mapping of each column
 * and a parsed value per field — more than the page's own work (the spool list, the planning board). Here they cost one
 * `JSON.parse`. Each row comes back as an array in the order of `columns`; a timestamp must be selected as a number
 * (e.g. `extract(epoch from …) * 1000`), a numeric as `::float8` when it is meant as a number (JSON has no numeric).
 */
export async function packedRows<T extends unknown[]>(
  q: { columns: Array<SQL | AnyColumn>; from: SQL; where?: SQL; orderBy: SQL[] },
  tx: DbOrTx = db,
): Promise<T[]> {
  const where = q.where ? sql` where ${q.where}` : sql``
  const [row] = resultRows<{ rows: string | null }>(
    await tx.execute(sql`select json_agg(json_build_array(${sql.join(q.columns, sql`, `)}) order by ${sql.join(q.orderBy, sql`, `)})::text as rows from ${q.from}${where}`),
  )
  return row?.rows ? (JSON.parse(row.rows) as T[]) : []
}
