/**
 * packedRows (app/models/packed-rows.server.ts): the big lists read as one JSON array built by the database. No rows
 * gives an empty list (json_agg of nothing is NULL); each row keeps the columns' order and the ORDER BY; text with quotes,
 * backslashes and Korean comes back unchanged; numbers, booleans and nulls keep their JSON types. PGlite and PostgreSQL.
 */
import { sql } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { packedRows } from '~/models/packed-rows.server'

const values = sql`(values (2, 'b "q" \\ 키링', true, null::text, 1.5::float8), (1, 'a', false, 'x', 0::float8), (3, 'c', true, 'y', -2.25::float8)) as v(n, t, b, o, f)`

test('rows come back as arrays in column order, ordered, with their JSON types', async () => {
  const rows = await packedRows<[number, string, boolean, string | null, number]>({
    columns: [sql`v.n`, sql`v.t`, sql`v.b`, sql`v.o`, sql`v.f`],
    from: values,
    orderBy: [sql`v.n`],
  })
  expect(rows).toEqual([
    [1, 'a', false, 'x', 0],
    [2, 'b "q" \\ 키링', true, null, 1.5],
    [3, 'c', true, 'y', -2.25],
  ])
})

test('a filter, descending order, and no rows at all', async () => {
  const some = await packedRows<[number]>({ columns: [sql`v.n`], from: values, where: sql`v.b`, orderBy: [sql`v.n desc`] })
  expect(some).toEqual([[3], [2]])
  const none = await packedRows<[number]>({ columns: [sql`v.n`], from: values, where: sql`v.n > ${10}`, orderBy: [sql`v.n`] })
  expect(none).toEqual([])
})
