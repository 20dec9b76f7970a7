/**
 * Issue 21, finding 1 (two processes on one embedded data folder) and the start-up checks that refuse a damaged or
 * half-restored database (findings 1 and 5): real processes on a real folder; an index damaged the way two writers damage
 * it (entries missing for rows in the table); a constraint the migrations define dropped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { afterEach, describe, expect, test } from 'vitest'
import { getDbHandle, migrateDb, migrationsFolder, openDb, rawQuery, type DbHandle } from '~db/client.server'
import { DataDirLocked } from '~db/data-dir-lock.server'
import { DatabaseDamaged, expectedSchemaObjects, presentSchemaObjects, SchemaIncomplete } from '~db/integrity.server'

const dirs: string[] = []
const tmpDir = (prefix = 'mes-folder-') => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  dirs.push(d)
  return d
}
const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL')
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

const env = (dataDir: string): NodeJS.ProcessEnv => ({ ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '', DATA_DIR: dataDir, NODE_ENV: 'development' })
const runScript = (script: string, args: string[], dataDir: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env: env(dataDir), encoding: 'utf8', timeout: 120_000 })

/** A process that opens the folder as the server does (openDb + migrations), writes a row, and stays until killed. */
async function holder(dataDir: string) {
  const code = `
    const { openDb, migrateDb } = await import(${JSON.stringify(path.resolve('db/client.server.ts'))})
    const h = openDb({ dataDir: ${JSON.stringify(dataDir)} })
    await migrateDb(h)
    await h.pglite.query("insert into app_settings (key, value) values ('written-by-holder', '1'::jsonb)")
    console.log('ready')
    setInterval(() => {}, 60_000)`
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { env: env(dataDir), stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve())
    child.on('exit', (c: number | null) => reject(new Error(`holder exited ${c}: ${err}`)))
  })
  return child
}

async function withFolder<T>(dataDir: string, fn: (h: DbHandle & { kind: 'pglite' }) => Promise<T>): Promise<T> {
  const h = openDb({ dataDir }) as DbHandle & { kind: 'pglite' }
  try {
    return await fn(h)
  } finally {
    await h.close()
  }
}

describe('one process per embedded data folder', () => {
  test('while a server-like process holds the folder, a second open, db:migrate, db:seed, db:backup and db:restore are refused naming it; once it is killed -9 its lock is taken over and nothing it wrote is lost', async () => {
    const dir = tmpDir()
    const first = await holder(dir)

    let refused: unknown
    try {
      openDb({ dataDir: dir })
    } catch (e) {
      refused = e
    }
    expect(refused).toBeInstanceOf(DataDirLocked)
    expect((refused as DataDirLocked).holder?.pid).toBe(first.pid)

    for (const [script, args] of [
      ['scripts/migrate.ts', []],
      ['scripts/seed.ts', ['--demo']],
      ['scripts/backup.ts', ['backup', '--out', path.join(dir, 'never.tar.gz')]],
      ['scripts/backup.ts', ['restore', path.resolve('package.json'), '--force']],
    ] as const) {
      const r = runScript(script, [...args], dir)
      expect(r.status, `${script}: ${r.stderr}`).toBe(2)
      expect(r.stderr).toContain(`is in use by another MES Lite process: pid ${first.pid} on this host`)
    }

    first.kill('SIGKILL')
    await new Promise((resolve) => first.on('exit', resolve))
    const rows = await withFolder(dir, async (h) => {
      await migrateDb(h)
      return (await h.pglite.query<{ key: string }>(`select key from app_settings where key = 'written-by-holder'`)).rows
    })
    expect(rows).toHaveLength(1)
    expect(runScript('scripts/migrate.ts', [], dir).status).toBe(0)
  }, 180_000)
})

describe('a damaged embedded database is refused at start', () => {
  test('an index missing entries for rows of its table (what two writers leave) stops migrateDb and db:migrate, saying how to restore', async () => {
    const dir = tmpDir()
    // Save the audit log's primary-key index with 50 rows, add 50 more, put the old index back: 50 rows without entries.
    const indexFile = await withFolder(dir, async (h) => {
      await migrateDb(h)
      await h.pglite.exec(`insert into audit_log (action, entity_type) select 'test', 'row' from generate_series(1, 50); checkpoint`)
      return path.join(h.dataDir!, (await h.pglite.query<{ p: string }>(`select pg_relation_filepath('audit_log_pkey') as p`)).rows[0].p)
    })
    const saved = fs.readFileSync(indexFile)
    await withFolder(dir, (h) => h.pglite.exec(`insert into audit_log (action, entity_type) select 'test', 'row' from generate_series(1, 50); checkpoint`))
    fs.writeFileSync(indexFile, saved)

    let refused: unknown
    await withFolder(dir, async (h) => {
      try {
        await migrateDb(h)
      } catch (e) {
        refused = e
      }
    })
    expect(refused).toBeInstanceOf(DatabaseDamaged)
    expect((refused as DatabaseDamaged).problems.map((p) => p.index)).toContain('audit_log_pkey')
    expect((refused as Error).message).toContain('lacks matching index tuple')
    expect((refused as Error).message).toContain('npm run db:restore -- <backup file> --force')

    const cli = runScript('scripts/migrate.ts', [], dir)
    expect(cli.status).toBe(1)
    expect(cli.stderr).toContain('is damaged')
  }, 120_000)
})

describe('the schema the migrations define', () => {
  test('is read from the migration files: exactly the constraints, indexes and triggers of a freshly migrated database', async () => {
    const present = await presentSchemaObjects(rawQuery(getDbHandle()))
    expect([...expectedSchemaObjects(migrationsFolder())].sort()).toEqual([...present].sort())
  })

  test('a database missing a constraint, index or trigger the migrations define is refused (finding 5: a half-failed restore)', async () => {
    const other = await separateDatabase()
    try {
      await migrateDb(other.handle)
      const q = rawQuery(other.handle)
      await q('alter table print_jobs drop constraint print_jobs_no_overlap')
      await q('drop index orders_due_idx')
      await q('drop trigger print_jobs_produced_good_update on print_jobs')
      let refused: unknown
      try {
        await migrateDb(other.handle)
      } catch (e) {
        refused = e
      }
      expect(refused).toBeInstanceOf(SchemaIncomplete)
      expect((refused as SchemaIncomplete).missing).toEqual(['orders_due_idx', 'print_jobs_no_overlap', 'print_jobs_produced_good_update'])
      expect((refused as Error).message).toContain('db:restore')

      // Tables but no record of migrations (what a restore that died before the journal leaves): refused too.
      await q('drop schema drizzle cascade')
      await expect(migrateDb(other.handle)).rejects.toThrow(/no record of any migration/)
    } finally {
      await other.drop()
    }
  }, 120_000)
})

/** A database of its own on the backend under test (the worker's one stays untouched). */
async function separateDatabase(): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) {
    const handle = openDb({ dataDir: 'memory://' })
    return { handle, drop: () => handle.close() }
  }
  const name = `mes_schema_check_${process.pid}_${Date.now().toString(36)}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  const target = new URL(url)
  target.pathname = `/${name}`
  const handle = openDb({ databaseUrl: target.toString(), poolMax: 2 })
  return {
    handle,
    drop: async () => {
      await handle.close()
      await admin.unsafe(`drop database if exists "${name}" with (force)`)
      await admin.end()
    },
  }
}
