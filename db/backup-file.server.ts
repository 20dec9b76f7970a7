/**
 * The backup file and what is checked around a restore (docs/decisions/011-data-folder-lock-and-backup-manifest.md).
 *
 * A backup is one file: the payload (PGlite's gzip tarball of its data folder, or pg_dump's custom format, as before),
 * then a manifest — format version, kind, migrations, row count per table, the payload's size and SHA-256 — and a
 * trailer line saying where the manifest starts. `readBackup` checks all of that before a restore touches anything: a
 * file cut short has no trailer, a garbled one fails the checksum. A file without a manifest (made before there were
 * manifests) is restored only when asked for (`--no-manifest`), and is then checked once restored aside.
 *
 * A restore builds the database aside and `verifyRestored` checks it there — migrations as in the manifest, every
 * constraint and index those migrations define, the same row counts — before it replaces anything.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { appliedMigrationCount, assertSchemaComplete, migrationJournal, SchemaIncomplete, type Query } from './integrity.server'

export const BACKUP_FORMAT = 1
const TRAILER = /\nMES-LITE-BACKUP-END (\d+) (\d+) (\d+)\n$/

export interface BackupManifest {
  format: number
  kind: 'pglite' | 'postgres'
  createdAt: string
  migrations: { count: number; last: string | null }
  /** Rows per table of schema public when the backup was taken (one snapshot). */
  tables: Record<string, number>
  payload: { bytes: number; sha256: string }
}

export type BackupFile =
  | { legacy: false; manifest: BackupManifest; payloadStart: 0; payloadEnd: number }
  | { legacy: true; kind: 'pglite' | 'postgres'; payloadStart: 0; payloadEnd: number }

/** The file is not a complete, intact backup: nothing may be restored from it. */
export class BackupDamaged extends Error {
  constructor(file: string, why: string) {
    super(`The backup ${file} is damaged or incomplete: ${why}. Nothing was changed. Use another backup.`)
    this.name = 'BackupDamaged'
  }
}

/** What follows the payload (`manifest.payload.bytes` long, at the start of the file): the manifest and the trailer. */
export function backupTrailer(manifest: BackupManifest): Buffer {
  const json = Buffer.from(JSON.stringify(manifest))
  return Buffer.concat([Buffer.from('\n'), json, Buffer.from(`\nMES-LITE-BACKUP-END ${manifest.payload.bytes + 1} ${json.length} ${BACKUP_FORMAT}\n`)])
}

function readAt(fd: number, start: number, length: number): Buffer {
  const buf = Buffer.alloc(length)
  let got = 0
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, start + got)
    if (n === 0) break
    got += n
  }
  return buf.subarray(0, got)
}

/** SHA-256 of bytes [start, end) of a file, read in chunks. */
export async function fileDigest(file: string, start: number, end: number): Promise<string> {
  const hash = createHash('sha256')
  if (end > start) for await (const chunk of fs.createReadStream(file, { start, end: end - 1, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/**
 * Reads and checks a backup file without restoring anything: trailer, manifest, payload size and checksum. Throws
 * `BackupDamaged`. A file without a trailer is refused unless `allowNoManifest` (a backup made before manifests: a bare
 * gzip tarball or pg_dump archive).
 */
export async function readBackup(file: string, allowNoManifest = false): Promise<BackupFile> {
  const size = fs.statSync(file).size
  const fd = fs.openSync(file, 'r')
  try {
    const tail = readAt(fd, Math.max(0, size - 80), Math.min(size, 80)).toString('latin1')
    const t = TRAILER.exec(tail)
    if (!t) {
      const head = readAt(fd, 0, 5)
      const kind = head[0] === 0x1f && head[1] === 0x8b ? 'pglite' : head.toString('latin1') === 'PGDMP' ? 'postgres' : null
      if (!kind) throw new BackupDamaged(file, 'it is not an MES Lite backup')
      if (!allowNoManifest) {
        throw new BackupDamaged(
          file,
          'it has no manifest at its end, so it was cut short — or it was made before MES Lite wrote manifests: then add --no-manifest (it is still restored aside and checked before anything is replaced)',
        )
      }
      return { legacy: true, kind, payloadStart: 0, payloadEnd: size }
    }
    const [manifestStart, manifestLength, format] = [Number(t[1]), Number(t[2]), Number(t[3])]
    if (format !== BACKUP_FORMAT) throw new BackupDamaged(file, `its format ${format} is unknown to this version of MES Lite`)
    if (manifestStart + manifestLength + t[0].length !== size) throw new BackupDamaged(file, 'its manifest is not where its trailer says')
    let manifest: BackupManifest
    try {
      manifest = JSON.parse(readAt(fd, manifestStart, manifestLength).toString('utf8')) as BackupManifest
    } catch {
      throw new BackupDamaged(file, 'its manifest cannot be read')
    }
    if (manifest.payload.bytes + 1 !== manifestStart) throw new BackupDamaged(file, `its payload is not ${manifest.payload.bytes} bytes long`)
    if ((await fileDigest(file, 0, manifest.payload.bytes)) !== manifest.payload.sha256) {
      throw new BackupDamaged(file, 'its checksum does not match (the file was changed or garbled)')
    }
    return { legacy: false, manifest, payloadStart: 0, payloadEnd: manifest.payload.bytes }
  } finally {
    fs.closeSync(fd)
  }
}

/** Row count of every table in schema public. */
export async function tableCounts(query: Query): Promise<Record<string, number>> {
  const tables = await query<{ t: string }>(`select tablename as t from pg_tables where schemaname = 'public' order by 1`)
  const out: Record<string, number> = {}
  for (const { t } of tables) {
    const [{ n }] = await query<{ n: string | number }>(`select count(*) as n from "${t.replace(/"/g, '""')}"`)
    out[t] = Number(n)
  }
  return out
}

/** What the manifest records about the database `query` reads (call it inside the snapshot the payload is taken from). */
export async function describeDatabase(query: Query, folder: string): Promise<Pick<BackupManifest, 'migrations' | 'tables'>> {
  const count = await appliedMigrationCount(query)
  const last = migrationJournal(folder).entries[count - 1]?.tag ?? null
  return { migrations: { count, last }, tables: await tableCounts(query) }
}

/**
 * Checks a database restored aside before it replaces anything: as many migrations as the manifest says (and no more
 * than this app knows), every constraint and index they define, and the manifest's row count in every table. Throws
 * `SchemaIncomplete` (schema) or an Error naming the first difference.
 */
export async function verifyRestored(query: Query, folder: string, manifest: BackupManifest | null): Promise<{ migrations: number; tables: number; rows: number }> {
  const applied = await appliedMigrationCount(query)
  const known = migrationJournal(folder).entries.length
  if (manifest && applied !== manifest.migrations.count) {
    throw new SchemaIncomplete([], `the restored database records ${applied} migrations, the backup's manifest ${manifest.migrations.count}.`)
  }
  if (applied > known) throw new SchemaIncomplete([], `the backup comes from a newer version of MES Lite (${applied} migrations; this one knows ${known}).`)
  await assertSchemaComplete(query, folder, applied)
  const counts = await tableCounts(query)
  if (manifest) {
    const names = new Set([...Object.keys(manifest.tables), ...Object.keys(counts)])
    for (const t of [...names].sort()) {
      if (counts[t] !== manifest.tables[t]) throw new Error(`table ${t} has ${counts[t] ?? 'no'} rows after the restore, the backup's manifest ${manifest.tables[t] ?? 'none'}`)
    }
  }
  return { migrations: applied, tables: Object.keys(counts).length, rows: Object.values(counts).reduce((s, n) => s + n, 0) }
}

/**
 * The libpq environment for pg_dump / pg_restore from a connection URL: host, port, user, password, database and the
 * usual options as PG* variables, so no credential ever appears on a command line (`ps` shows those to every user).
 */
export function pgEnv(databaseUrl: string, database?: string): NodeJS.ProcessEnv {
  const u = new URL(databaseUrl)
  const q = u.searchParams
  // PG* variables already set stay defaults (postgres-js reads them too); the URL's parts override them.
  const env: NodeJS.ProcessEnv = { ...process.env }
  const set = (k: string, v: string | null | undefined) => {
    if (v) env[k] = v
  }
  set('PGHOST', q.get('host') ?? decodeURIComponent(u.hostname).replace(/^\[(.*)\]$/, '$1'))
  set('PGPORT', q.get('port') ?? u.port)
  set('PGUSER', q.get('user') ?? decodeURIComponent(u.username))
  set('PGPASSWORD', q.get('password') ?? decodeURIComponent(u.password))
  set('PGDATABASE', database ?? q.get('dbname') ?? decodeURIComponent(u.pathname.replace(/^\//, '')))
  const options: Record<string, string> = {
    sslmode: 'PGSSLMODE',
    sslrootcert: 'PGSSLROOTCERT',
    sslcert: 'PGSSLCERT',
    sslkey: 'PGSSLKEY',
    application_name: 'PGAPPNAME',
    options: 'PGOPTIONS',
    connect_timeout: 'PGCONNECT_TIMEOUT',
    target_session_attrs: 'PGTARGETSESSIONATTRS',
  }
  for (const [param, name] of Object.entries(options)) set(name, q.get(param))
  return env
}
