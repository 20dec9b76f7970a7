/**
 * `npm run db:backup [-- --out <file>]` and `npm run db:restore -- <file> [--force]` (docs/decisions/009-operations.md).
 *
 * PostgreSQL (DATABASE_URL set): pg_dump's custom format (compressed, every table incl. photos in `images.bytes`), and
 * pg_restore into the database named by DATABASE_URL — it must be empty unless --force (then existing objects are
 * dropped first). Embedded PGlite (DATA_DIR): a gzip tarball of the whole data directory (PGlite's dumpDataDir), restored
 * into DATA_DIR/pglite, which must not exist unless --force (then the old one is kept beside it as pglite.before-restore-*).
 * The embedded database belongs to one process: both refuse while a server holds it (DATA_DIR/server.pid).
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

async function backup() {
  if (databaseUrl) {
    const out = path.resolve(option('--out') ?? `backups/mes-${stamp()}.pgdump`)
    fs.mkdirSync(path.dirname(out), { recursive: true })
    run('pg_dump', ['--format=custom', '--compress=6', '--no-owner', '--file', out, databaseUrl])
    console.log(`backup written: ${out} (${fs.statSync(out).size} bytes, PostgreSQL custom format)`)
    return
  }
  const held = serverHoldsEmbeddedDb()
  if (held) fail(`The server (pid ${held}) holds the embedded database in ${dataDir}. Stop it first, then back up.`)
  const source = path.join(dataDir, 'pglite')
  if (!fs.existsSync(path.join(source, 'PG_VERSION'))) fail(`No embedded database in ${source}.`)
  const out = path.resolve(option('--out') ?? `backups/mes-${stamp()}.tar.gz`)
  fs.mkdirSync(path.dirname(out), { recursive: true })
  const pg = new PGlite({ dataDir: source, extensions: { btree_gist } })
  try {
    await pg.query('checkpoint')
    const blob = await pg.dumpDataDir('gzip')
    fs.writeFileSync(out, Buffer.from(await blob.arrayBuffer()))
  } finally {
    await pg.close()
  }
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
