/**
 * `npm run db:backup [-- --out <file>]` and `npm run db:restore -- <file> [--force] [--no-manifest]`
 * (docs/decisions/011-data-folder-lock-and-backup-manifest.md; README "Backups").
 *
 * Backup: PostgreSQL (DATABASE_URL set) — pg_dump's custom format (compressed, every table incl. photos), taken in one
 * snapshot with the row counts of its manifest; embedded PGlite (DATA_DIR) — a gzip tarball of the data folder
 * (PGlite's dumpDataDir), taken while holding the folder's lock, after checking its indexes. The manifest (format,
 * migrations, rows per table, payload size and SHA-256) follows the payload in the same file. The file is written under a
 * temporary name beside the target, readable by its owner only (0600), and renamed when complete: a full or unwritable
 * target leaves no partial file and exits 1 with the reason.
 *
 * Restore: the file is checked first (manifest, size, checksum) — a cut-short or garbled backup changes nothing. The new
 * database is then built aside (PGlite: `DATA_DIR/pglite.restoring-<pid>`; PostgreSQL: a new database beside the target,
 * or the target itself when it is empty), checked there (migrations, every constraint and index, row counts), and only
 * then swapped in (renames); the old one is kept aside (`pglite.before-restore-<time>`, `<db>_before_restore_<time>`).
 * Replacing a database that holds tables needs --force. Any failure before the swap leaves the old database as it was.
 *
 * Credentials reach pg_dump / pg_restore through PG* environment variables, never on their command line.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { amcheck } from '@electric-sql/pglite/contrib/amcheck'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import postgres from 'postgres'
import { backupTrailer, BackupDamaged, describeDatabase, fileDigest, pgEnv, readBackup, verifyRestored, type BackupFile, type BackupManifest } from '../db/backup-file.server'
import { assertEmbeddedIntact, migrationsFolder, openDb, rawQuery } from '../db/client.server'
import { lockDataDir } from '../db/data-dir-lock.server'
import { checkIndexes, DatabaseDamaged, refusal, type Query } from '../db/integrity.server'
import { commitRestore, finishInterruptedRestore, restoringDir } from '../db/restore-swap.server'

const [command, ...rest] = process.argv.slice(2)
const flag = (name: string) => rest.includes(name)
const option = (name: string) => {
  const i = rest.indexOf(name)
  return i >= 0 ? rest[i + 1] : undefined
}
const fail = (message: string, code = 2): never => {
  console.error(message)
  process.exit(code)
}
const reason = (e: unknown) => (e instanceof Error ? e.message : String(e))

const databaseUrl = process.env.DATABASE_URL || ''
const dataDir = path.resolve(process.env.DATA_DIR ?? './data')
const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')
const pgQuery =
  (sql: postgres.Sql | postgres.TransactionSql): Query =>
  async <T,>(text: string, params: unknown[] = []) =>
    (await sql.unsafe(text, params as never[])) as unknown as T[]

/** Runs a PostgreSQL client tool with the connection in its environment; stdin from `input` when given. */
function runTool(bin: string, args: string[], env: NodeJS.ProcessEnv, input?: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess
    try {
      child = spawn(bin, args, { env, stdio: [input ? 'pipe' : 'ignore', 'inherit', 'inherit'] })
    } catch (e) {
      return reject(e)
    }
    child.on('error', (e) => reject(new Error(`${bin}: ${e.message} (install the PostgreSQL client tools, version ≥ the server's)`)))
    if (input) {
      input.on('error', reject)
      child.stdin!.on('error', () => {}) // the tool exiting early is reported by its exit code
      input.pipe(child.stdin!)
    }
    child.on('close', (code) => (code === 0 ? resolve() : reject(new ToolFailed(`${bin} exited with ${code} (its message is above)`))))
  })
}

// ---- writing the backup file: a temporary name in the target folder, renamed when complete ------------------------

/** Why a file could not be written, in words (a full or unwritable target is the usual reason). */
function writeProblem(e: unknown): string {
  const code = String((e as { code?: unknown })?.code ?? '')
  if (code === 'ENOSPC' || code === 'EDQUOT') return `the target is full (${code})`
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return `the target is not writable (${code})`
  return reason(e)
}

/** A backup tool failed (it printed its own message). */
class ToolFailed extends Error {}

let partial: string | null = null
const dropPartial = () => {
  if (partial) fs.rmSync(partial, { force: true })
  partial = null
}
process.on('exit', dropPartial) // every way out (fail() included) leaves no temporary file behind
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    dropPartial()
    process.exit(130)
  })
}

/**
 * Writes the backup at `out` only once it is complete: `write(tmp)` fills a hidden temporary file beside it (created
 * empty first, mode 0600), which is flushed to disk and renamed over `out`. Any failure (full or unwritable target,
 * pg_dump error) removes the temporary file, leaves `out` as it was and exits 1 with the reason.
 */
async function writeAtomically(out: string, write: (tmp: string) => void | Promise<void>) {
  const dir = path.dirname(out)
  const tmp = path.join(dir, `.${path.basename(out)}.partial-${process.pid}`)
  const failWrite = (why: string, hint = ''): never => {
    dropPartial()
    return fail(`Backup failed: ${why}. Nothing was written to ${out}.${hint}`, 1)
  }
  try {
    fs.mkdirSync(dir, { recursive: true })
    partial = tmp
    fs.closeSync(fs.openSync(tmp, 'wx', 0o600))
    fs.chmodSync(tmp, 0o600) // whatever the umask
    await write(tmp)
    const fd = fs.openSync(tmp, 'r+')
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, out)
    partial = null
    try {
      const dirFd = fs.openSync(dir, 'r')
      fs.fsyncSync(dirFd)
      fs.closeSync(dirFd)
    } catch {
      // not every filesystem lets a directory be fsynced; the rename is done either way
    }
  } catch (e) {
    if (e instanceof ToolFailed || e instanceof DatabaseDamaged) failWrite(e.message)
    failWrite(`could not write it: ${writeProblem(e)}`, ' Free space there, or choose another --out.')
  }
}

/** Appends the manifest after the payload already in `file`. */
async function appendManifest(file: string, kind: BackupManifest['kind'], described: Pick<BackupManifest, 'migrations' | 'tables'>) {
  const bytes = fs.statSync(file).size
  const manifest: BackupManifest = { format: 1, kind, createdAt: new Date().toISOString(), ...described, payload: { bytes, sha256: await fileDigest(file, 0, bytes) } }
  fs.appendFileSync(file, backupTrailer(manifest))
  return manifest
}

const summary = (m: BackupManifest) =>
  `${m.migrations.count} migrations, ${Object.keys(m.tables).length} tables, ${Object.values(m.tables).reduce((s, n) => s + n, 0)} rows`

async function backup() {
  if (databaseUrl) {
    const out = path.resolve(option('--out') ?? `backups/mes-${stamp()}.pgdump`)
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
    let manifest: BackupManifest | undefined
    try {
      await writeAtomically(out, (tmp) =>
        // One snapshot for the dump and the manifest's counts: pg_dump joins it (--snapshot) while this transaction is open.
        sql.begin('isolation level repeatable read read only', async (tx) => {
          const [{ snapshot }] = await tx<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`
          const described = await describeDatabase(pgQuery(tx), migrationsFolder())
          await runTool('pg_dump', ['--format=custom', '--compress=6', '--no-owner', `--snapshot=${snapshot}`, '--file', tmp], pgEnv(databaseUrl))
          manifest = await appendManifest(tmp, 'postgres', described)
        }),
      )
    } finally {
      await sql.end({ timeout: 5 })
    }
    console.log(`backup written: ${out} (${fs.statSync(out).size} bytes, PostgreSQL custom format; ${summary(manifest!)})`)
    return
  }
  const source = path.join(dataDir, 'pglite')
  if (!fs.existsSync(path.join(source, 'PG_VERSION')) && !fs.existsSync(path.join(dataDir, 'pglite.restore-ready'))) fail(`No embedded database in ${source}.`)
  const out = path.resolve(option('--out') ?? `backups/mes-${stamp()}.tar.gz`)
  // The folder's lock is held from here until the process ends (openDb takes it): nothing writes while it is copied.
  const handle = openDb({ dataDir })
  if (handle.kind !== 'pglite') throw new Error('embedded database expected')
  let bytes: Buffer
  let described: Pick<BackupManifest, 'migrations' | 'tables'>
  try {
    await assertEmbeddedIntact(handle)
    await handle.pglite.query('checkpoint')
    described = await describeDatabase(rawQuery(handle), migrationsFolder())
    bytes = Buffer.from(await (await handle.pglite.dumpDataDir('gzip')).arrayBuffer())
  } finally {
    await handle.pglite.close()
  }
  let manifest: BackupManifest | undefined
  await writeAtomically(out, async (tmp) => {
    fs.writeFileSync(tmp, bytes)
    manifest = await appendManifest(tmp, 'pglite', described)
  })
  console.log(`backup written: ${out} (${fs.statSync(out).size} bytes, embedded database; ${summary(manifest!)})`)
}

const payloadStream = (file: string, b: BackupFile) => fs.createReadStream(file, { start: b.payloadStart, end: b.payloadEnd - 1 })

async function restore() {
  const file = rest.find((a) => !a.startsWith('--') && a !== option('--out'))
  if (!file || !fs.existsSync(file)) return fail('Usage: npm run db:restore -- <backup file> [--force] [--no-manifest]')
  if (!databaseUrl) lockDataDir(dataDir) // the embedded folder is ours until this process ends (a refusal exits 2)
  let checked: BackupFile
  try {
    checked = await readBackup(file, flag('--no-manifest'))
  } catch (e) {
    return fail(reason(e), e instanceof BackupDamaged ? 1 : 2)
  }
  const manifest = checked.legacy ? null : checked.manifest
  const kind = checked.legacy ? checked.kind : checked.manifest.kind
  if (kind === 'postgres' && !databaseUrl) fail('This backup was taken from PostgreSQL: set DATABASE_URL to the database to restore it into.')
  if (kind === 'pglite' && databaseUrl) fail('This backup was taken from the embedded database: unset DATABASE_URL to restore it into DATA_DIR.')
  if (!manifest) console.warn(`${file} has no manifest (an older backup): it cannot be checked before it is restored aside.`)
  if (databaseUrl) await restorePostgres(file, checked, manifest)
  else await restoreEmbedded(file, checked, manifest)
}

async function restoreEmbedded(file: string, checked: BackupFile, manifest: BackupManifest | null) {
  finishInterruptedRestore(dataDir)
  const target = path.join(dataDir, 'pglite')
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0 && !flag('--force')) fail(`${target} already holds a database. Add --force to keep it aside and restore.`)
  const built = restoringDir(dataDir)
  for (const old of fs.readdirSync(dataDir).filter((n) => n.startsWith('pglite.restoring-'))) fs.rmSync(path.join(dataDir, old), { recursive: true, force: true })
  let result: Awaited<ReturnType<typeof verifyRestored>>
  try {
    const bytes = fs.readFileSync(file).subarray(checked.payloadStart, checked.payloadEnd)
    const pg = new PGlite({ dataDir: built, extensions: { btree_gist, amcheck }, loadDataDir: new Blob([new Uint8Array(bytes)]) })
    try {
      const query: Query = async <T,>(text: string, params: unknown[] = []) => (await pg.query<T>(text, params)).rows
      const problems = await checkIndexes(query)
      if (problems.length) throw new DatabaseDamaged(file, problems)
      result = await verifyRestored(query, migrationsFolder(), manifest)
    } finally {
      await pg.close().catch(() => {})
    }
  } catch (e) {
    fs.rmSync(built, { recursive: true, force: true })
    return fail(`Restore failed: ${reason(e)}\nNothing was changed: ${target} is as it was.`, 1)
  }
  const { aside } = commitRestore(dataDir, built)
  if (aside) console.log(`previous database kept in ${aside}`)
  console.log(`restored into ${target} (checked: ${result.migrations} migrations, ${result.tables} tables, ${result.rows} rows)`)
}

async function restorePostgres(file: string, checked: BackupFile, manifest: BackupManifest | null) {
  const url = new URL(databaseUrl)
  const targetDb = decodeURIComponent(url.pathname.replace(/^\//, ''))
  const withDb = (name: string) => Object.assign(new URL(databaseUrl), { pathname: `/${encodeURIComponent(name)}` }).toString()
  const target = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  const [{ n }] = await target<{ n: number }[]>`select count(*)::int as n from pg_tables where schemaname = 'public'`
  if (n > 0 && !flag('--force')) {
    await target.end()
    fail(`The target database already has ${n} tables. Restore into an empty database, or add --force to replace it (it is kept aside, renamed).`)
  }
  const restoreInto = async (db: string) => {
    await runTool('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${db}`], pgEnv(databaseUrl, db), payloadStream(file, checked))
    const sql = postgres(withDb(db), { max: 1, onnotice: () => {} })
    try {
      return await verifyRestored(pgQuery(sql), migrationsFolder(), manifest)
    } finally {
      await sql.end()
    }
  }

  if (n === 0) {
    // An empty target has nothing to lose: restored in place, and emptied again if that fails.
    await target.end()
    try {
      const r = await restoreInto(targetDb)
      console.log(`restored into PostgreSQL database ${targetDb} (checked: ${r.migrations} migrations, ${r.tables} tables, ${r.rows} rows)`)
    } catch (e) {
      const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
      await sql.unsafe(EMPTY_AGAIN).catch(() => {})
      await sql.end()
      fail(`Restore failed: ${reason(e)}\nNothing was kept: ${targetDb} is empty, as it was.`, 1)
    }
    return
  }

  await target.end()
  const t = stamp().replace('-', '_')
  const asideDb = `${targetDb.slice(0, 40)}_restore_${t}`
  const beforeDb = `${targetDb.slice(0, 34)}_before_restore_${t}`
  const admin = await maintenanceConnection(withDb)
  try {
    await admin.unsafe(`create database ${ident(asideDb)}`)
  } catch (e) {
    await admin.end()
    fail(`Restore failed: a database to restore into aside could not be created (${reason(e)}). Nothing was changed. Give the user CREATEDB, or restore into an empty database.`, 1)
  }
  try {
    const r = await restoreInto(asideDb)
    const [{ others }] = await admin<{ others: number }[]>`select count(*)::int as others from pg_stat_activity where datname = ${targetDb} and pid <> pg_backend_pid()`
    if (others > 0) throw new Error(`${others} other session(s) are connected to ${targetDb} (is the server still running?). Stop them and restore again`)
    // Both renames in one transaction: the old database is replaced whole or not at all.
    await admin.begin(async (tx) => {
      await tx.unsafe(`alter database ${ident(targetDb)} rename to ${ident(beforeDb)}`)
      await tx.unsafe(`alter database ${ident(asideDb)} rename to ${ident(targetDb)}`)
    })
    console.log(`previous database kept as ${beforeDb}`)
    console.log(`restored into PostgreSQL database ${targetDb} (checked: ${r.migrations} migrations, ${r.tables} tables, ${r.rows} rows)`)
  } catch (e) {
    await admin.unsafe(`drop database if exists ${ident(asideDb)} with (force)`).catch(() => {})
    await admin.end()
    fail(`Restore failed: ${reason(e)}\nNothing was changed: ${targetDb} is as it was.`, 1)
  }
  await admin.end()
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`

/** A connection to the server outside the target database (renaming a database needs one): postgres, else template1. */
async function maintenanceConnection(withDb: (name: string) => string): Promise<postgres.Sql> {
  let last: unknown
  for (const db of ['postgres', 'template1']) {
    const sql = postgres(withDb(db), { max: 1, onnotice: () => {} })
    try {
      await sql`select 1`
      return sql
    } catch (e) {
      last = e
      await sql.end().catch(() => {})
    }
  }
  return fail(`Restore failed: cannot reach the server outside the target database (${reason(last)}). Nothing was changed.`, 1)
}

/** What a failed restore into an empty database created, dropped again. */
const EMPTY_AGAIN = `
  drop schema if exists drizzle cascade;
  do $$ declare r record; begin
    for r in select tablename from pg_tables where schemaname = 'public' loop execute format('drop table if exists public.%I cascade', r.tablename); end loop;
    for r in select sequence_name from information_schema.sequences where sequence_schema = 'public' loop execute format('drop sequence if exists public.%I cascade', r.sequence_name); end loop;
  end $$;`

try {
  if (command === 'backup') await backup()
  else if (command === 'restore') await restore()
  else fail('Usage: tsx scripts/backup.ts backup|restore …')
} catch (e) {
  const refused = refusal(e)
  if (!refused) throw e
  fail(refused.message, refused.exitCode)
}
