/**
 * `npm run db:backup [-- --out <file>]` and `npm run db:restore -- <file> [--force]` (docs/decisions/009-operations.md).
 *
 * PostgreSQL (DATABASE_URL set): pg_dump's custom format (compressed, every table incl. photos in `images.bytes`), and
 * pg_restore into the database named by DATABASE_URL — it must be empty unless --force (then existing objects are
 * dropped first). Embedded PGlite (DATA_DIR): a gzip tarball of the whole data directory (PGlite's dumpDataDir), restored
 * into DATA_DIR/pglite, which must not exist unless --force (then the old one is kept beside it as pglite.before-restore-*).
 * The embedded database belongs to one process: both refuse while a server holds it (DATA_DIR/server.pid).
 * A backup is written under a temporary name beside the target and renamed when complete: a full or unwritable target
 * leaves no partial file and exits 1 with the reason.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import postgres from 'postgres'

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

const databaseUrl = process.env.DATABASE_URL || ''
const dataDir = path.resolve(process.env.DATA_DIR ?? './data')
const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')

function serverHoldsEmbeddedDb(): number | null {
  const pidFile = path.join(dataDir, 'server.pid')
  if (!fs.existsSync(pidFile)) return null
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim())
  if (!Number.isSafeInteger(pid) || pid <= 0) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch {
    return null
  }
}

function run(bin: string, args: string[]) {
  const r = spawnSync(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] })
  if (r.error) fail(`${bin}: ${r.error.message} (install the PostgreSQL client tools, version ≥ the server's)`)
  if (r.status !== 0) fail(`${bin} exited with ${r.status}`, 1)
}

// ---- writing the backup file: a temporary name in the target folder, renamed when complete ------------------------

/** Why a file could not be written, in words (a full or unwritable target is the usual reason). */
function writeProblem(e: unknown): string {
  const code = String((e as { code?: unknown })?.code ?? '')
  if (code === 'ENOSPC' || code === 'EDQUOT') return `the target is full (${code})`
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return `the target is not writable (${code})`
  return e instanceof Error ? e.message : String(e)
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
 * Writes the backup at `out` only once it is complete: `write(tmp)` fills a hidden temporary file beside it, which is
 * flushed to disk and renamed over `out`. Any failure (full or unwritable target, pg_dump error) removes the temporary
 * file, leaves `out` as it was and exits 1 with the reason.
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
    if (e instanceof ToolFailed) failWrite(e.message)
    failWrite(`could not write it: ${writeProblem(e)}`, ' Free space there, or choose another --out.')
  }
}

async function backup() {
  if (databaseUrl) {
    const out = path.resolve(option('--out') ?? `backups/mes-${stamp()}.pgdump`)
    await writeAtomically(out, (tmp) => {
      const r = spawnSync('pg_dump', ['--format=custom', '--compress=6', '--no-owner', '--file', tmp, databaseUrl], { stdio: ['ignore', 'inherit', 'inherit'] })
      if (r.error) fail(`pg_dump: ${r.error.message} (install the PostgreSQL client tools, version ≥ the server's)`)
      if (r.status !== 0) throw new ToolFailed(`pg_dump exited with ${r.status} (its message is above)`)
    })
    console.log(`backup written: ${out} (${fs.statSync(out).size} bytes, PostgreSQL custom format)`)
    return
  }
  const held = serverHoldsEmbeddedDb()
  if (held) fail(`The server (pid ${held}) holds the embedded database in ${dataDir}. Stop it first, then back up.`)
  const source = path.join(dataDir, 'pglite')
  if (!fs.existsSync(path.join(source, 'PG_VERSION'))) fail(`No embedded database in ${source}.`)
  const out = path.resolve(option('--out') ?? `backups/mes-${stamp()}.tar.gz`)
  const pg = new PGlite({ dataDir: source, extensions: { btree_gist } })
  let bytes: Buffer
  try {
    await pg.query('checkpoint')
    const blob = await pg.dumpDataDir('gzip')
    bytes = Buffer.from(await blob.arrayBuffer())
  } finally {
    await pg.close()
  }
  await writeAtomically(out, (tmp) => fs.writeFileSync(tmp, bytes))
  console.log(`backup written: ${out} (${fs.statSync(out).size} bytes, embedded database)`)
}

async function restore() {
  const file = rest.find((a) => !a.startsWith('--'))
  if (!file || !fs.existsSync(file)) return fail('Usage: npm run db:restore -- <backup file> [--force]')
  if (databaseUrl) {
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from pg_tables where schemaname = 'public'`
    await sql.end()
    if (n > 0 && !flag('--force')) fail(`The target database already has ${n} tables. Restore into an empty database, or add --force to replace them.`)
    run('pg_restore', ['--no-owner', '--exit-on-error', ...(n > 0 ? ['--clean', '--if-exists'] : []), '--dbname', databaseUrl, file])
    console.log('restored into PostgreSQL')
    return
  }
  const held = serverHoldsEmbeddedDb()
  if (held) fail(`The server (pid ${held}) holds the embedded database in ${dataDir}. Stop it first, then restore.`)
  const target = path.join(dataDir, 'pglite')
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    if (!flag('--force')) fail(`${target} already holds a database. Add --force to keep it aside and restore.`)
    const aside = `${target}.before-restore-${stamp()}`
    fs.renameSync(target, aside)
    console.log(`previous database kept in ${aside}`)
  }
  fs.mkdirSync(target, { recursive: true })
  const bytes = fs.readFileSync(file)
  const pg = new PGlite({ dataDir: target, extensions: { btree_gist }, loadDataDir: new Blob([new Uint8Array(bytes)]) })
  await pg.query('select 1')
  await pg.close()
  console.log(`restored into ${target}`)
}

if (command === 'backup') await backup()
else if (command === 'restore') await restore()
else fail('Usage: tsx scripts/backup.ts backup|restore …')
