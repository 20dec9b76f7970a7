/**
 * Issue 21, finding 5: a damaged backup must never destroy the database it is restored over — and issue 15, finding 9:
 * backup files are private (0600) and credentials never reach pg_dump / pg_restore's command line.
 *
 * Each backup below is cut short (its last third gone), garbled (bytes changed, length kept), or reads fine but holds a
 * database the migrations do not describe (a constraint missing), or its manifest disagrees with its rows. `db:restore
 * --force` must refuse every one and leave the database it would have replaced exactly as it was. Embedded PGlite always;
 * PostgreSQL when TEST_DATABASE_URL is set.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { afterEach, describe, expect, test } from 'vitest'
import { backupTrailer, readBackup, type BackupManifest } from '~db/backup-file.server'
import { migrateDb, openDb, rawQuery, type DbHandle } from '~db/client.server'
import { RESTORE_READY } from '~db/restore-swap.server'
import { fingerprint, type Q } from './backup-support'

const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f()
})
const tmp = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  cleanup.push(() => fs.rmSync(d, { recursive: true, force: true }))
  return d
}

const script = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], {
    env: { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 180_000,
  })

const asQ = (h: DbHandle): Q => {
  const q = rawQuery(h)
  return (text) => q<Record<string, unknown>>(text)
}

/** Some rows worth restoring: settings, audit rows, a photo (bytea). */
const fill = (marker: string) => [
  `insert into app_settings (key, value) values ('marker', '"${marker}"'::jsonb)`,
  `insert into audit_log (action, entity_type, entity_id) select 'test.${marker}', 'row', g::text from generate_series(1, 200) g`,
  `insert into images (mime, width, height, bytes, thumb_width, thumb_height, thumb_bytes, original_mime, original_size)
     values ('image/webp', 1, 1, decode(md5('${marker}'), 'hex'), 1, 1, '\\x0102', 'image/png', 16)`,
]

async function embedded<T>(dataDir: string, fn: (h: DbHandle, q: Q) => Promise<T>): Promise<T> {
  const h = openDb({ dataDir })
  try {
    return await fn(h, asQ(h))
  } finally {
    await h.close()
  }
}

async function makeEmbedded(marker: string, extra: string[] = []) {
  const dir = tmp('mes-bki-')
  await embedded(dir, async (h, q) => {
    await migrateDb(h)
    for (const s of [...fill(marker), ...extra]) await q(s)
  })
  return dir
}

/** Variants of a good backup file: cut short (last third gone) and garbled (a stretch in the middle overwritten). */
function damaged(file: string) {
  const bytes = fs.readFileSync(file)
  const cut = `${file}.cut`
  fs.writeFileSync(cut, bytes.subarray(0, Math.floor((bytes.length * 2) / 3)))
  const garbled = `${file}.garbled`
  const g = Buffer.from(bytes)
  randomBytes(64).copy(g, Math.floor(g.length / 2))
  fs.writeFileSync(garbled, g)
  return { cut, garbled }
}

/** The same backup with its manifest's row count of `table` changed (checksum still right: only the manifest moves). */
async function lyingManifest(file: string, table: string) {
  const b = await readBackup(file)
  if (b.legacy) throw new Error('manifest expected')
  const manifest: BackupManifest = { ...b.manifest, tables: { ...b.manifest.tables, [table]: b.manifest.tables[table] + 1 } }
  const out = `${file}.lying`
  fs.writeFileSync(out, Buffer.concat([fs.readFileSync(file).subarray(0, b.payloadEnd), backupTrailer(manifest)]))
  return out
}

/** The four ways a backup can be unfit, each with the reason a restore must give: from a good and an incomplete one. */
async function unfitBackups(good: string, incomplete: string): Promise<Array<[string, RegExp]>> {
  const { cut, garbled } = damaged(good)
  return [
    [cut, /cut short/],
    [garbled, /checksum does not match/],
    [await lyingManifest(good, 'audit_log'), /table audit_log has 200 rows after the restore, the backup's manifest 201/],
    [incomplete, /Missing: print_jobs_no_overlap/],
  ]
}

describe('embedded database: restore checks first, builds aside, swaps last', () => {
  test('a backup cut short, garbled, with a lying manifest, or holding a database without the migrations’ constraints is refused, and the database it would replace stays exactly as it was', async () => {
    const source = await makeEmbedded('source')
    const incomplete = await makeEmbedded('incomplete', ['alter table print_jobs drop constraint print_jobs_no_overlap'])
    const target = await makeEmbedded('target')
    const files = tmp('mes-bki-files-')
    const good = path.join(files, 'good.tar.gz')
    const bad = path.join(files, 'incomplete.tar.gz')
    expect(script(['backup', '--out', good], { DATA_DIR: source }).status).toBe(0)
    expect(script(['backup', '--out', bad], { DATA_DIR: incomplete }).status).toBe(0)
    const before = await embedded(target, (_h, q) => fingerprint(q))

    for (const [file, why] of await unfitBackups(good, bad)) {
      const r = script(['restore', file, '--force'], { DATA_DIR: target })
      expect(r.status, `${path.basename(file)}: ${r.stdout}${r.stderr}`).toBe(1)
      expect(r.stderr).toMatch(why)
      expect(fs.readdirSync(target).filter((n) => n.startsWith('pglite.'))).toEqual([]) // nothing aside, nothing half-built
      expect(await embedded(target, (_h, q) => fingerprint(q))).toEqual(before)
    }

    // The good one: restored, checked, swapped in; the replaced database kept aside.
    const ok = script(['restore', good, '--force'], { DATA_DIR: target })
    expect(ok.status, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/checked: \d+ migrations, \d+ tables, \d+ rows/)
    expect(await embedded(target, (_h, q) => fingerprint(q))).toEqual(await embedded(source, (_h, q) => fingerprint(q)))
    expect(fs.readdirSync(target).filter((n) => n.startsWith('pglite.before-restore-'))).toHaveLength(1)
  }, 600_000)

  test('backup files are readable by their owner only (0600)', async () => {
    const source = await makeEmbedded('private')
    const out = path.join(tmp('mes-bki-mode-'), 'b.tar.gz')
    const old = process.umask(0o022)
    try {
      expect(script(['backup', '--out', out], { DATA_DIR: source }).status).toBe(0)
    } finally {
      process.umask(old)
    }
    expect(fs.statSync(out).mode & 0o777).toBe(0o600)
  }, 180_000)

  test('a restore stopped between its renames is finished by whoever opens the folder next (never an empty new database)', async () => {
    const restored = await makeEmbedded('restored')
    const current = await makeEmbedded('current')
    // The state a restore leaves if it stops right after marking the verified database ready.
    fs.renameSync(path.join(restored, 'pglite'), path.join(current, RESTORE_READY))
    const marker = await embedded(current, async (_h, q) => (await q(`select value from app_settings where key = 'marker'`))[0]?.value)
    expect(marker).toBe('restored')
    expect(fs.readdirSync(current).filter((n) => n.startsWith('pglite.before-restore-'))).toHaveLength(1)
    expect(fs.existsSync(path.join(current, RESTORE_READY))).toBe(false)
  }, 120_000)
})

describe.runIf(!!process.env.TEST_DATABASE_URL)('PostgreSQL: restore checks first, builds aside, swaps last', () => {
  const base = process.env.TEST_DATABASE_URL!
  const urlOf = (name: string, password?: string) => {
    const u = new URL(base)
    u.pathname = `/${name}`
    if (password) u.password = password
    return u.toString()
  }
  async function database(marker: string, extra: string[] = []) {
    const name = `mes_bki_${marker}_${randomBytes(3).toString('hex')}`
    const admin = postgres(base, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create database "${name}"`)
    cleanup.push(async () => {
      for (const d of await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${name}%`}`) {
        await admin.unsafe(`drop database if exists "${d.datname}" with (force)`)
      }
      await admin.end()
    })
    const h = openDb({ databaseUrl: urlOf(name), poolMax: 1 })
    try {
      await migrateDb(h)
      for (const s of [...fill(marker), ...extra]) await rawQuery(h)(s)
    } finally {
      await h.close()
    }
    return name
  }
  const printOf = async (name: string) => {
    const sql = postgres(urlOf(name), { max: 1, onnotice: () => {} })
    try {
      return await fingerprint(async (text) => (await sql.unsafe(text)) as Array<Record<string, unknown>>)
    } finally {
      await sql.end()
    }
  }
  const databasesLike = async (prefix: string) => {
    const admin = postgres(base, { max: 1, onnotice: () => {} })
    try {
      return (await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${prefix}%`} order by 1`).map((r) => r.datname)
    } finally {
      await admin.end()
    }
  }

  test('a dump cut short, garbled, with a lying manifest, or without the migrations’ constraints is refused; the target database stays exactly as it was', async () => {
    const source = await database('source')
    const incomplete = await database('incomplete', ['alter table print_jobs drop constraint print_jobs_no_overlap'])
    const target = await database('target')
    const files = tmp('mes-bki-pg-')
    const good = path.join(files, 'good.pgdump')
    const bad = path.join(files, 'incomplete.pgdump')
    expect(script(['backup', '--out', good], { DATABASE_URL: urlOf(source) }).status).toBe(0)
    expect(script(['backup', '--out', bad], { DATABASE_URL: urlOf(incomplete) }).status).toBe(0)
    const before = await printOf(target)

    for (const [file, why] of await unfitBackups(good, bad)) {
      const r = script(['restore', file, '--force'], { DATABASE_URL: urlOf(target) })
      expect(r.status, `${path.basename(file)}: ${r.stdout}${r.stderr}`).toBe(1)
      expect(r.stderr).toMatch(why)
      expect(await printOf(target)).toEqual(before)
      expect(await databasesLike(target)).toEqual([target]) // no aside database left behind
    }

    const ok = script(['restore', good, '--force'], { DATABASE_URL: urlOf(target) })
    expect(ok.status, ok.stderr).toBe(0)
    expect(await printOf(target)).toEqual(await printOf(source))
    const kept = (await databasesLike(target)).filter((d) => d !== target)
    expect(kept).toHaveLength(1)
    expect(kept[0]).toMatch(/_before_restore_/)
    expect(await printOf(kept[0])).toEqual(before)
  }, 600_000)

  test('credentials reach pg_dump and pg_restore through the environment, never their command line; the dump is 0600', async () => {
    const source = await database('creds')
    const target = await database('credsto')
    // Wrappers first on PATH: record argv and the PG* environment, then run the real tool.
    const bin = tmp('mes-bki-bin-')
    const log = path.join(bin, 'calls.log')
    for (const tool of ['pg_dump', 'pg_restore']) {
      const real = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim()
      fs.writeFileSync(
        path.join(bin, tool),
        `#!/bin/sh\n{ echo "ARGV ${tool} $*"; env | grep '^PG' | sed 's/^/ENV /'; } >> "${log}"\nexec "${real}" "$@"\n`,
        { mode: 0o755 },
      )
    }
    const secret = `pw-${randomBytes(6).toString('hex')}` // trust authentication ignores it; the tools must still get it
    const env = { PATH: `${bin}:${process.env.PATH}` }
    const file = path.join(bin, 'creds.pgdump')
    const made = script(['backup', '--out', file], { ...env, DATABASE_URL: urlOf(source, secret) })
    expect(made.status, made.stderr).toBe(0)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const restored = script(['restore', file, '--force'], { ...env, DATABASE_URL: urlOf(target, secret) })
    expect(restored.status, restored.stderr).toBe(0)

    const lines = fs.readFileSync(log, 'utf8').split('\n')
    const argv = lines.filter((l) => l.startsWith('ARGV '))
    expect(argv.map((l) => l.split(' ')[1])).toEqual(['pg_dump', 'pg_restore'])
    for (const l of argv) {
      expect(l).not.toContain(secret)
      expect(l).not.toMatch(/postgres(ql)?:\/\//)
    }
    expect(lines.filter((l) => l === `ENV PGPASSWORD=${secret}`)).toHaveLength(2)
  }, 300_000)
})
