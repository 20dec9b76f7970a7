/**
 * Is this database whole? Two checks run before the app serves a database (docs/decisions/011-…):
 *
 * - Embedded PGlite: every btree index is checked against its table with amcheck (`bt_index_check(index, true)`:
 *   structure, and every heap tuple has its index entry — what two processes writing one folder break). A damaged folder
 *   is refused with what to do.
 * - Both backends: every constraint and index the migrations define is present (a restore that failed half-way leaves
 *   tables without keys, foreign keys or the no-overlap rule, and the app would otherwise serve it as if nothing
 *   happened), and no more migrations are recorded than this app knows.
 *
 * The expected names are read from the committed migrations (drizzle/*.sql, in journal order), so a new migration is
 * covered without listing anything by hand; tests/integration/data-folder.test.ts checks the reading against a freshly
 * migrated database.
 */
import fs from 'node:fs'
import path from 'node:path'
import { DataDirLocked } from './data-dir-lock.server'

/** Runs one statement and returns its rows (postgres-js or PGlite, whichever the caller has). */
export type Query = <T>(text: string, params?: unknown[]) => Promise<T[]>

export const restoreAdvice = (what: string) =>
  [
    `Restore the last good backup: stop the server, then \`npm run db:restore -- <backup file> --force\` (${what} is kept aside, not deleted).`,
    'Backups are listed in ./backups by default (README "Backups"). Ask for help before anything else: do not delete the folder.',
  ].join('\n')

export class DatabaseDamaged extends Error {
  constructor(
    readonly where: string,
    readonly problems: Array<{ index: string; error: string }>,
  ) {
    const shown = problems
      .slice(0, 5)
      .map((p) => `  - ${p.index}: ${p.error}`)
      .join('\n')
    super(
      [
        `The embedded database in ${where} is damaged: ${problems.length} index(es) do not match their tables (was it opened by two processes at once?).`,
        shown + (problems.length > 5 ? `\n  … and ${problems.length - 5} more` : ''),
        'It will not be served, migrated or backed up as it is.',
        restoreAdvice('the damaged database'),
      ].join('\n'),
    )
    this.name = 'DatabaseDamaged'
  }
}

export class SchemaIncomplete extends Error {
  constructor(
    readonly missing: string[],
    readonly detail: string,
  ) {
    super(
      [
        `The database is not the one the migrations define: ${detail}`,
        missing.length ? `Missing: ${missing.slice(0, 12).join(', ')}${missing.length > 12 ? ` … and ${missing.length - 12} more` : ''}.` : '',
        'It may be left from a restore that failed half-way. The app will not serve it.',
        restoreAdvice('the current database'),
      ]
        .filter(Boolean)
        .join('\n'),
    )
    this.name = 'SchemaIncomplete'
  }
}

// ---- amcheck (embedded) ----------------------------------------------------------------------------------------------

/**
 * Checks every valid btree index of the database's own tables (system catalogs' too, and TOAST) with
 * `bt_index_check(index, heapallindexed => true)`; returns what failed. Needs the amcheck extension loaded into the
 * PGlite instance; the SQL extension is created for the check and dropped after it, so the schema stays as migrated.
 */
export async function checkIndexes(query: Query): Promise<Array<{ index: string; error: string }>> {
  await query('create extension if not exists amcheck')
  const problems: Array<{ index: string; error: string }> = []
  try {
    const indexes = await query<{ oid: number; name: string }>(
      `select c.oid, n.nspname || '.' || c.relname as name
         from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam join pg_namespace n on n.oid = c.relnamespace
        where a.amname = 'btree' and c.relkind = 'i' and c.relpersistence = 'p' and i.indisready and i.indisvalid and n.nspname <> 'information_schema'
        order by n.nspname, c.relname`,
    )
    for (const ix of indexes) {
      try {
        await query('select bt_index_check($1::oid::regclass, true)', [ix.oid])
      } catch (e) {
        problems.push({ index: ix.name.replace(/^public\./, ''), error: String((e as Error)?.message ?? e).slice(0, 300) })
      }
    }
  } finally {
    await query('drop extension if exists amcheck')
  }
  return problems
}

// ---- the schema the migrations define ---------------------------------------------------------------------------------

interface Journal {
  entries: Array<{ idx: number; tag: string }>
}

export function migrationJournal(folder: string): Journal {
  return JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as Journal
}

const name = String.raw`"([^"]+)"`

/**
 * Names of the constraints (primary keys, unique, foreign keys, checks, exclusions), indexes and triggers in schema public
 * that the first `upTo` migrations (default: all) leave behind, read from their SQL: `CONSTRAINT "x"`, `CREATE [UNIQUE]
 * INDEX "x"`, `CREATE TRIGGER "x"` (a trigger keeps a derived figure, e.g. orders.produced_good),
 * a table's `PRIMARY KEY` (named `<table>_pkey`), minus what a later statement drops or renames.
 */
export function expectedSchemaObjects(folder: string, upTo?: number): Set<string> {
  const entries = migrationJournal(folder).entries.slice(0, upTo)
  const owner = new Map<string, string>() // object → its table
  for (const e of entries) {
    const text = fs.readFileSync(path.join(folder, `${e.tag}.sql`), 'utf8')
    const statements = text.split(/-->\s*statement-breakpoint/).flatMap((chunk) => chunk.replace(/--[^\n]*/g, ' ').split(/;\s*(?:\n|$)/))
    for (const raw of statements) {
      const st = raw.trim()
      if (!st) continue
      const table = new RegExp(String.raw`^(?:CREATE TABLE(?: IF NOT EXISTS)?|ALTER TABLE(?: ONLY)?(?: IF EXISTS)?)\s+(?:"public"\.)?${name}`, 'i').exec(st)?.[1]
      let m: RegExpExecArray | null
      if ((m = new RegExp(String.raw`^DROP TABLE(?: IF EXISTS)?\s+(?:"public"\.)?${name}`, 'i').exec(st))) {
        for (const [obj, t] of owner) if (t === m[1]) owner.delete(obj)
        continue
      }
      if ((m = new RegExp(String.raw`^DROP INDEX(?: CONCURRENTLY)?(?: IF EXISTS)?\s+(?:"public"\.)?${name}`, 'i').exec(st))) {
        owner.delete(m[1])
        continue
      }
      if ((m = new RegExp(String.raw`^ALTER INDEX(?: IF EXISTS)?\s+(?:"public"\.)?${name}\s+RENAME TO\s+${name}`, 'i').exec(st))) {
        owner.set(m[2], owner.get(m[1]) ?? '')
        owner.delete(m[1])
        continue
      }
      if ((m = new RegExp(String.raw`^CREATE (?:OR REPLACE )?TRIGGER\s+${name}\s+[\s\S]*?\bON\s+(?:"public"\.)?${name}`, 'i').exec(st))) {
        owner.set(m[1], m[2])
        continue
      }
      if ((m = new RegExp(String.raw`^DROP TRIGGER(?: IF EXISTS)?\s+${name}`, 'i').exec(st))) {
        owner.delete(m[1])
        continue
      }
      if ((m = new RegExp(String.raw`^CREATE (?:UNIQUE )?INDEX(?: CONCURRENTLY)?(?: IF NOT EXISTS)?\s+${name}\s+ON\s+(?:ONLY\s+)?(?:"public"\.)?${name}`, 'i').exec(st))) {
        owner.set(m[1], m[2])
        continue
      }
      if (!table) continue
      for (const d of st.matchAll(new RegExp(String.raw`DROP CONSTRAINT(?: IF EXISTS)?\s+${name}`, 'gi'))) owner.delete(d[1])
      for (const r of st.matchAll(new RegExp(String.raw`RENAME CONSTRAINT\s+${name}\s+TO\s+${name}`, 'gi'))) {
        owner.delete(r[1])
        owner.set(r[2], table)
      }
      for (const c of st.matchAll(new RegExp(String.raw`\bCONSTRAINT\s+${name}\s+(?:PRIMARY|UNIQUE|FOREIGN|CHECK|EXCLUDE)`, 'gi'))) owner.set(c[1], table)
      if (/^CREATE TABLE/i.test(st) && /\bPRIMARY KEY\b/i.test(st) && !/CONSTRAINT\s+"[^"]+"\s+PRIMARY KEY/i.test(st)) owner.set(`${table}_pkey`, table)
    }
  }
  // PostgreSQL keeps the first 63 bytes of a longer name (NAMEDATALEN).
  return new Set([...owner.keys()].map((n) => Buffer.from(n).subarray(0, 63).toString()))
}

/**
 * Constraint and index names present in schema public (valid indexes only; NOT NULL markers are not named objects). A
 * partition's copies of its parent's constraints and indexes (vibration_blocks' partitions) are the parent's, not
 * objects of their own.
 */
export async function presentSchemaObjects(query: Query): Promise<Set<string>> {
  const rows = await query<{ name: string }>(
    `select c.conname as name from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = 'public' and c.contype <> 'n' and c.conparentid = 0
     union
     select ci.relname from pg_index i join pg_class ci on ci.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
       join pg_namespace n on n.oid = ci.relnamespace
      where n.nspname = 'public' and i.indisvalid and not t.relispartition
     union
     select tg.tgname from pg_trigger tg join pg_class t on t.oid = tg.tgrelid join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = 'public' and not tg.tgisinternal and tg.tgparentid = 0`,
  )
  return new Set(rows.map((r) => r.name))
}

/** Migrations recorded as applied (drizzle's journal table); 0 when there is none. */
export async function appliedMigrationCount(query: Query): Promise<number> {
  const [{ t }] = await query<{ t: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as t`)
  if (!t) return 0
  const [{ n }] = await query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations')
  return Number(n)
}

/**
 * Throws `SchemaIncomplete` unless the database holds every object the first `migrations` migrations define (default:
 * all of this app's) and records exactly that many.
 */
export async function assertSchemaComplete(query: Query, folder: string, migrations?: number): Promise<void> {
  const known = migrationJournal(folder).entries.length
  const expectedCount = migrations ?? known
  const applied = await appliedMigrationCount(query)
  if (applied > known) throw new SchemaIncomplete([], `it records ${applied} migrations, this version of the app knows ${known} (a newer app's database?).`)
  if (applied !== expectedCount) throw new SchemaIncomplete([], `${applied} migrations are recorded, ${expectedCount} expected.`)
  const present = await presentSchemaObjects(query)
  const missing = [...expectedSchemaObjects(folder, expectedCount)].filter((n) => !present.has(n)).sort()
  if (missing.length) throw new SchemaIncomplete(missing, `${missing.length} constraint(s), index(es) or trigger(s) the migrations define are missing.`)
}

/**
 * How a command-line script reports a database it must not touch: the message (no stack) and its exit code — 2 when the
 * folder is in use (nothing was done; try again later), 1 when the database is damaged or incomplete. null: any other error.
 */
export function refusal(e: unknown): { message: string; exitCode: number } | null {
  if (e instanceof DataDirLocked) return { message: e.message, exitCode: 2 }
  if (e instanceof DatabaseDamaged || e instanceof SchemaIncomplete) return { message: e.message, exitCode: 1 }
  return null
}
