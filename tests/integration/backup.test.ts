import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { describe, expect, test } from 'vitest'
import { closeDb, getDbHandle, migrateDb, openDb, setDbHandle, type DbHandle } from '~db/client.server'
import { fingerprint, type Q } from './backup-support'

/**
 * `npm run db:backup` / `db:restore`: a seeded database is backed up, restored into a fresh one, and every table's row
 * count and content checksum (photos' bytes included) compared. Embedded PGlite always; PostgreSQL when
 * TEST_DATABASE_URL is set (CI).
 */
const script = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], {
    env: { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })

const seed = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--demo', ...args], {
    env: { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '', NODE_ENV: 'development', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })

async function withPglite<T>(dataDir: string, fn: (q: Q) => Promise<T>): Promise<T> {
  const handle = openDb({ dataDir }) as DbHandle & { pglite: { query: (t: string) => Promise<{ rows: Array<Record<string, unknown>> }> } }
  try {
    return await fn(async (text) => (await handle.pglite.query(text)).rows)
  } finally {
    await handle.close()
  }
}

describe('backup and restore', () => {
  test('embedded database: seed → backup → restore into an empty data dir → identical tables (photos included)', async () => {
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-bk-a-'))
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-bk-b-'))
    const file = path.join(os.tmpdir(), `mes-bk-${randomBytes(4).toString('hex')}.tar.gz`)
    try {
      expect(seed([], { DATA_DIR: a }).status).toBe(0)
      // a photo row, so bytea content is part of the comparison
      await withPglite(a, async (q) => {
        await q(`insert into images (mime, width, height, bytes, thumb_width, thumb_height, thumb_bytes, original_mime, original_size)
                 values ('image/webp', 1, 1, '\\x52494646deadbeef', 1, 1, '\\x0102', 'image/png', 8)`)
      })
      const before = await withPglite(a, fingerprint)
      expect(Number(before.print_jobs.split(':')[0])).toBeGreaterThan(0)
      expect(Number(before.images.split(':')[0])).toBe(1)

      // A live server holding the database blocks both commands.
      const holder = openDb({ dataDir: a })
      const held = script(['backup', '--out', file], { DATA_DIR: a })
      expect(held.status).toBe(2)
      expect(held.stderr).toContain(`is in use by another MES Lite process: pid ${process.pid}`)
      await holder.close()

      const made = script(['backup', '--out', file], { DATA_DIR: a })
      expect(made.status, made.stderr).toBe(0)
      expect(fs.statSync(file).size).toBeGreaterThan(1000)

      const restored = script(['restore', file], { DATA_DIR: b })
      expect(restored.status, restored.stderr).toBe(0)
      expect(await withPglite(b, fingerprint)).toEqual(before)

      // Restoring over an existing database needs --force, and keeps the old one aside.
      expect(script(['restore', file], { DATA_DIR: b }).status).toBe(2)
      expect(script(['restore', file, '--force'], { DATA_DIR: b }).status).toBe(0)
      expect(fs.readdirSync(b).some((n) => n.startsWith('pglite.before-restore-'))).toBe(true)
      expect(await withPglite(b, fingerprint)).toEqual(before)
    } finally {
      for (const p of [a, b, file]) fs.rmSync(p, { recursive: true, force: true })
    }
  }, 180_000)

  test.runIf(!!process.env.TEST_DATABASE_URL)('PostgreSQL: pg_dump custom format → pg_restore into an empty database → identical tables', async () => {
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} })
    const suffix = randomBytes(4).toString('hex')
    const [src, dst] = [`mes_bk_src_${suffix}`, `mes_bk_dst_${suffix}`]
    const url = (name: string) => {
      const u = new URL(process.env.TEST_DATABASE_URL!)
      u.pathname = `/${name}`
      return u.toString()
    }
    const file = path.join(os.tmpdir(), `mes-bk-${suffix}.pgdump`)
    const previous = getDbHandle()
    try {
      await admin.unsafe(`create database "${src}"`)
      await admin.unsafe(`create database "${dst}"`)
      const handle = openDb({ databaseUrl: url(src), poolMax: 2 })
      setDbHandle(handle)
      await migrateDb(handle)
      await closeDb()
      setDbHandle(previous)
      expect(seed([], { DATABASE_URL: url(src) }).status).toBe(0)
      const pq = (name: string) => {
        const sql = postgres(url(name), { max: 1, onnotice: () => {} })
        return { q: (async (text: string) => (await sql.unsafe(text)) as Array<Record<string, unknown>>) as Q, end: () => sql.end() }
      }
      const s = pq(src)
      await s.q(`insert into images (mime, width, height, bytes, thumb_width, thumb_height, thumb_bytes, original_mime, original_size)
                 values ('image/webp', 1, 1, '\\x52494646deadbeef', 1, 1, '\\x0102', 'image/png', 8)`)
      const before = await fingerprint(s.q)
      await s.end()

      const made = script(['backup', '--out', file], { DATABASE_URL: url(src) })
      expect(made.status, made.stderr).toBe(0)
      const restored = script(['restore', file], { DATABASE_URL: url(dst) })
      expect(restored.status, restored.stderr).toBe(0)
      const d = pq(dst)
      expect(await fingerprint(d.q)).toEqual(before)
      await d.end()
      // A second restore into the now non-empty database needs --force.
      expect(script(['restore', file], { DATABASE_URL: url(dst) }).status).toBe(2)
    } finally {
      setDbHandle(previous)
      await admin.unsafe(`drop database if exists "${src}" with (force)`)
      await admin.unsafe(`drop database if exists "${dst}" with (force)`)
      await admin.end()
      fs.rmSync(file, { force: true })
    }
  }, 180_000)
})
