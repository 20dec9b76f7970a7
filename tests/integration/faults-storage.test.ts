import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { count, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { db, getDbHandle, isConnectionLost, openDb, setDbHandle, type DbHandle } from '~db/client.server'
import { images, products, sessions, vibrationImports, vibrationSensors } from '~db/schema'
import { translator } from '~/i18n'
import { failAbandonedImports } from '~/models/vibration/import-file.server'
import * as dashboard from '~/routes/_index/route'
import * as dataApi from '~/routes/api.v1.vibration-data'
import * as healthz from '~/routes/healthz'
import * as editProduct from '~/routes/products.$productId'
import * as newProduct from '~/routes/products.new'
import * as upload from '~/routes/vibration.upload'
import { createApiToken } from '~/utils/api-auth.server'
import { storageFault } from '~/utils/db-errors.server'
import { BASE, callAction, callLoader, makeRequest } from '../support/app'
import { auditCount, lastImport, recordingCsv, resetVibration, signedIn, storedCounts, uploadFiles } from './vibration-support'

/**
 * Issue 10, fault point "upload storage unwritable/full → clean error, nothing half-written".
 *
 * Uploads (vibration CSV files through the form and the gateway API, product photos) are stored in the database, so
 * "storage full" is the database's disk. How it is made full:
 * - PostgreSQL, when this process may mount (root) and the server shares this machine: REALLY full. A tablespace on a
 *   16 MiB tmpfs, the vibration blocks and images tables moved onto it and the tmpfs filled up with a file — PostgreSQL
 *   itself then fails to extend the table ("could not extend file …: No space left on device", SQLSTATE 53100, in the
 *   middle of the COPY). Freeing space = deleting that file.
 * - Otherwise (PGlite, or a PostgreSQL we cannot mount for): a BEFORE INSERT row trigger on those tables raising SQLSTATE
 *   53100 (COPY fires row triggers), after letting the first blocks through so the failure is still mid-COPY.
 * The run prints which one it used (and a failing assertion names it). Read-only: `default_transaction_read_only` for the database (PostgreSQL, on new
 * connections) or the session (PGlite's one connection).
 * Backups: `npm run db:backup` onto a full (tmpfs) or read-only (ro tmpfs, or a chmod-ed folder when not root) target.
 */

const exec = async (text: string) => {
  await db.execute(sql.raw(text))
}
const en = translator('en')
const ko = translator('ko')

// ---- a small filesystem of our own -----------------------------------------------------------------------------------

/** A tmpfs mounted at a fresh folder, or null when this process may not mount (not root, no CAP_SYS_ADMIN, not Linux). */
function mountTmpfs(options: string): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-tmpfs-'))
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' })
  if (r.status !== 0) {
    fs.rmdirSync(dir)
    return null
  }
  return dir
}

function unmount(dir: string) {
  if (spawnSync('umount', [dir]).status !== 0) spawnSync('umount', ['-l', dir])
  fs.rmSync(dir, { recursive: true, force: true })
}

/** Fills the filesystem of `dir` with a file until the kernel says ENOSPC, then gives back `headroom` bytes. */
function fillUp(dir: string, headroom = 0) {
  const filler = path.join(dir, 'filler')
  fs.rmSync(filler, { force: true })
  const fd = fs.openSync(filler, 'w')
  const chunk = Buffer.alloc(256 * 1024, 0xa5)
  try {
    for (;;) fs.writeSync(fd, chunk)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e
  } finally {
    fs.closeSync(fd)
  }
  if (headroom > 0) fs.truncateSync(filler, Math.max(0, fs.statSync(filler).size - headroom))
}

// ---- storage full, two ways ------------------------------------------------------------------------------------------

interface FullStorage {
  method: string
  /** From now on the vibration blocks and images tables cannot grow (after roughly `headroom` more bytes). */
  fill(headroom?: number): Promise<void>
  /** Space is back. */
  free(): Promise<void>
  /** Bytes the database's own files take on the full storage (null for the trigger: nothing to measure). */
  tableBytes(): number | null
  close(): Promise<void>
}

const FULL_TABLES = ['vibration_blocks', 'images']

/** The real thing on PostgreSQL (see the file comment), or null when it cannot be set up here. */
async function tmpfsTablespace(): Promise<FullStorage | null> {
  const handle = getDbHandle()
  if (handle.kind !== 'postgres') return null
  let dataDir: fs.Stats
  try {
    const [{ data_directory }] = await handle.sql<{ data_directory: string }[]>`show data_directory`
    dataDir = fs.statSync(data_directory) // the server's files are on this machine (else: not ours to mount for)
  } catch {
    return null
  }
  const dir = mountTmpfs('size=16m,mode=0700')
  if (!dir) return null
  const name = `mes_full_${process.pid}_${randomBytes(3).toString('hex')}`
  try {
    fs.chownSync(dir, dataDir.uid, dataDir.gid)
    await handle.sql.unsafe(`create tablespace ${name} location '${dir}'`)
  } catch {
    unmount(dir)
    return null
  }
  // A partitioned table (vibration_blocks) keeps its rows in its partitions: each moves (and new ones are made there).
  const leaves = async (sql: typeof handle.sql) =>
    (await sql<{ t: string }[]>`select relid::regclass::text as t from pg_partition_tree(${FULL_TABLES[0]}::regclass) union all select unnest(${FULL_TABLES.slice(1)}::text[])`).map((r) => r.t)
  for (const t of await leaves(handle.sql)) await handle.sql.unsafe(`alter table ${t} set tablespace ${name}`)
  return {
    method: `PostgreSQL itself: a tablespace on a 16 MiB tmpfs filled up`,
    fill: async (headroom = 0) => fillUp(dir, headroom),
    free: async () => fs.rmSync(path.join(dir, 'filler'), { force: true }),
    tableBytes: () =>
      fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name !== 'filler')
        .reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath, e.name)).size, 0),
    close: async () => {
      const h = getDbHandle() as Extract<DbHandle, { kind: 'postgres' }>
      fs.rmSync(path.join(dir, 'filler'), { force: true })
      for (const t of await leaves(h.sql)) await h.sql.unsafe(`alter table ${t} set tablespace pg_default`)
      await h.sql.unsafe(`drop tablespace ${name}`)
      unmount(dir)
    },
  }
}

/** The fallback: a row trigger raising disk_full (after the first two blocks of a recording, so still mid-COPY). */
function triggerFull(): FullStorage {
  const fn = `create or replace function mes_test_disk_full() returns trigger language plpgsql as $$
    begin
      if tg_table_name like 'vibration_blocks%' then
        if new.block_no < 2 then return new; end if;
      end if;
      raise exception using errcode = '53100', message = 'could not extend file: No space left on device (simulated by a test trigger)';
    end $$`
  return {
    method: 'simulated: a BEFORE INSERT trigger raising SQLSTATE 53100',
    fill: async () => {
      await exec(fn)
      for (const t of FULL_TABLES) await exec(`create or replace trigger mes_test_disk_full before insert on ${t} for each row execute function mes_test_disk_full()`)
    },
    free: async () => {
      for (const t of FULL_TABLES) await exec(`drop trigger if exists mes_test_disk_full on ${t}`)
    },
    tableBytes: () => null,
    close: async () => {
      for (const t of FULL_TABLES) await exec(`drop trigger if exists mes_test_disk_full on ${t}`)
      await exec('drop function if exists mes_test_disk_full()')
    },
  }
}

async function counts() {
  const [sensors] = await db.select({ n: count() }).from(vibrationSensors)
  return { ...(await storedCounts()), sensors: sensors.n }
}
const nothingStored = { recordings: 0, samples: 0, blocks: 0, machines: 0, sensors: 0 }

function apiPost(token: string, csv: string, query = '?machine=g1&sensor=1') {
  const request = new Request(new URL(`/api/v1/vibration-data${query}`, BASE), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
    body: csv,
  })
  return callAction(dataApi, request)
}

async function healthy() {
  const res = (await healthz.loader()) as Response
  expect(res.status).toBe(200)
}

const productFields = { gramsPerUnit: '7.5', printMinutesPerPlate: '45', unitsPerPlate: '8', wastePct: '3', productNotes: '' }
const photoFile = () => new File([new Uint8Array(fs.readFileSync('tests/fixtures/images/widget.jpg'))], 'widget.jpg', { type: 'image/jpeg' })
function productForm(fields: Record<string, string>, withPhoto = true) {
  const form = new FormData()
  for (const [k, v] of Object.entries({ ...productFields, ...fields })) form.append(k, v)
  if (withPhoto) form.append('photo', photoFile())
  return form
}
const imageCount = async () => (await db.select({ n: count() }).from(images))[0].n

const BIG = 60_000 // rows: 15 blocks × 5 channels × 32 KiB ≈ 2.4 MB of block data, one COPY

// ---------------------------------------------------------------------------------------------------------------------

describe('storage errors are told apart (postgres-js / PGlite errors, wrapped by drizzle or not, Node errors)', () => {
  test('disk_full, read-only and resource errors raised by the database itself; other errors are not storage faults', async () => {
    const raise = (code: string) =>
      db.execute(sql.raw(`do $$ begin raise exception using errcode = '${code}', message = 'test'; end $$`)).then(
        () => null,
        (e: unknown) => e,
      )
    const full = await raise('53100')
    expect(storageFault(full)).toBe('full')
    expect(storageFault((full as { cause?: unknown }).cause ?? full)).toBe('full') // the driver's own error, unwrapped
    expect(storageFault(await raise('25006'))).toBe('read_only')
    expect(storageFault(await raise('53200'))).toBe('exhausted')
    expect(storageFault(await raise('23505'))).toBeNull()
    expect(storageFault(await raise('P0001'))).toBeNull()
    // A real read-only transaction refusing a write.
    const readOnly = await db
      .transaction(async (tx) => {
        await tx.execute(sql`set transaction read only`)
        await tx.insert(vibrationSensors).values({ machineId: crypto.randomUUID(), sensorNo: '1' })
      })
      .then(
        () => null,
        (e: unknown) => e,
      )
    expect(storageFault(readOnly)).toBe('read_only')
    // Node: a real ENOSPC (Linux's /dev/full), and the codes of a read-only or forbidden target.
    if (fs.existsSync('/dev/full')) {
      const enospc = (() => {
        try {
          fs.writeFileSync('/dev/full', 'x')
        } catch (e) {
          return e
        }
      })()
      expect(storageFault(enospc)).toBe('full')
    }
    expect(storageFault(Object.assign(new Error('quota'), { code: 'EDQUOT' }))).toBe('full')
    expect(storageFault(Object.assign(new Error('ro'), { code: 'EROFS' }))).toBe('read_only')
    expect(storageFault(new Error('deep', { cause: new Error('mid', { cause: Object.assign(new Error('x'), { code: 'EACCES' }) }) }))).toBe('read_only')
    expect(storageFault(new Error('plain'))).toBeNull()
    expect(storageFault(null)).toBeNull()
  })

  test('the messages exist in both languages and say nothing was saved', () => {
    expect(en('vibration.error.storageFull')).toMatch(/storage is full — nothing from this upload was saved/)
    expect(ko('vibration.error.storageFull')).toMatch(/저장 공간이 가득/)
    expect(en('error.storage.readOnly')).toMatch(/read-only.*nothing was saved/)
    expect(ko('error.storage.readOnly')).toMatch(/읽기 전용/)
  })
})

describe('database storage full', () => {
  let full: FullStorage

  beforeAll(async () => {
    full = (await tmpfsTablespace()) ?? triggerFull()
    console.log(`faults-storage: storage full is ${full.method} (${getDbHandle().kind})`)
  })

  afterAll(async () => {
    await full?.close()
  })

  beforeEach(async () => {
    await full.free()
    await resetVibration()
  })

  test('upload form: 507 with the message, no samples/recordings/machines left, the import failed with the reason; after space is freed the same upload succeeds', async () => {
    const { cookie } = await signedIn('planner')
    const file = { name: 'g1_sensor1.csv', content: recordingCsv(BIG) }
    await full.fill(256 * 1024) // room for the first few blocks: the COPY fails part-way
    const bytesBefore = full.tableBytes()
    const res = await uploadFiles(cookie, [file])
    expect(res.status, full.method).toBe(507)
    // PostgreSQL had written part of the upload to disk before it ran out (none of it is visible: rolled back).
    if (bytesBefore !== null) expect(full.tableBytes()! - bytesBefore).toBeGreaterThan(64 * 1024)
    expect(res.data).toEqual({ formErrors: ['vibration.error.storageFull'] })
    expect(await counts()).toEqual(nothingStored)
    expect(await lastImport()).toMatchObject({ status: 'failed', message: 'vibration.error.storageFull', rowsImported: 0, finishedAt: expect.any(Date) })
    expect(await auditCount('vibration.import')).toBe(0)
    await healthy()

    await full.free()
    const again = await uploadFiles(cookie, [file])
    expect(again.status).toBe(302)
    expect(await lastImport()).toMatchObject({ status: 'succeeded', rowsImported: BIG })
    expect(await counts()).toMatchObject({ recordings: 1, samples: BIG, machines: 1, sensors: 1 })
    expect(await auditCount('vibration.import')).toBe(1)
  })

  test('gateway API: 507 JSON problem body, nothing stored, the import failed; recovery → 201', async () => {
    const { token } = await createApiToken({ id: null, username: 'test' }, { name: 'gw', scope: 'write' })
    const csv = recordingCsv(BIG)
    await full.fill(256 * 1024)
    const res = await apiPost(token, csv)
    expect(res.status, full.method).toBe(507)
    expect(res.data).toEqual({ error: { code: 'storage_full', message: expect.stringMatching(/nothing from this upload was saved/) } })
    expect(res.headers.get('Content-Type')).toMatch(/application\/json/)
    expect(await counts()).toEqual(nothingStored)
    expect(await lastImport()).toMatchObject({ status: 'failed', message: 'vibration.error.storageFull' })

    await full.free()
    const again = await apiPost(token, csv)
    expect(again.status).toBe(201)
    expect(await counts()).toMatchObject({ recordings: 1, samples: BIG })
  })

  test('the failure cannot even be recorded (the history row refuses the update too): 507 all the same, and the start-up sweep marks the import failed', async () => {
    const { cookie } = await signedIn('planner')
    await exec(`create or replace function mes_test_no_update() returns trigger language plpgsql as $$
      begin raise exception using errcode = '53100', message = 'No space left on device (simulated by a test trigger)'; end $$`)
    await exec('create or replace trigger mes_test_no_update before update on vibration_imports for each row execute function mes_test_no_update()')
    try {
      await full.fill(256 * 1024)
      const res = await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: recordingCsv(BIG) }])
      expect(res.status).toBe(507)
      expect(await counts()).toEqual(nothingStored)
      expect(await lastImport()).toMatchObject({ status: 'running' })
    } finally {
      await exec('drop trigger if exists mes_test_no_update on vibration_imports')
      await exec('drop function if exists mes_test_no_update()')
    }
    // The next start: the sweep skips imports younger than 10 s, so age this one first.
    const stuck = await lastImport()
    await db.update(vibrationImports).set({ startedAt: new Date(Date.now() - 60_000) }).where(eq(vibrationImports.id, stuck.id))
    expect(await failAbandonedImports()).toBe(1)
    expect(await lastImport()).toMatchObject({ id: stuck.id, status: 'failed', message: 'vibration.error.interrupted' })
  })

  test('product photo: a new product with a photo and a photo added to an existing product get 507 with a form message; nothing kept; recovery', async () => {
    const { cookie } = await signedIn('planner')
    const name = `Storage widget ${process.pid}`
    // A product without a photo is still saved (its table is not the full one).
    const plain = await callAction(newProduct, makeRequest('/products/new', { cookie, form: productForm({ name: `${name} plain` }, false) }))
    expect(plain.status).toBe(302)
    const [existing] = await db.select().from(products).where(eq(products.name, `${name} plain`))
    const before = { products: (await db.select({ n: count() }).from(products))[0].n, images: await imageCount() }

    await full.fill(0)
    const created = await callAction(newProduct, makeRequest('/products/new', { cookie, form: productForm({ name }) }))
    expect(created.status, full.method).toBe(507)
    expect((created.data as { error: Record<string, string[]> }).error['']).toEqual(['error.storage.full'])
    const edited = await callAction(
      editProduct,
      makeRequest(`/products/${existing.id}`, { cookie, form: productForm({ intent: 'save', version: String(existing.version), name: existing.name, gramsPerUnit: '9' }) }),
      { productId: existing.id },
    )
    expect(edited.status).toBe(507)
    expect((edited.data as { result: { error: Record<string, string[]> } }).result.error['']).toEqual(['error.storage.full'])
    expect({ products: (await db.select({ n: count() }).from(products))[0].n, images: await imageCount() }).toEqual(before)
    const [unchanged] = await db.select().from(products).where(eq(products.id, existing.id))
    expect(unchanged).toMatchObject({ version: existing.version, photoId: null, gramsPerUnit: existing.gramsPerUnit })
    await healthy()

    await full.free()
    expect((await callAction(newProduct, makeRequest('/products/new', { cookie, form: productForm({ name }) }))).status).toBe(302)
    const [made] = await db.select().from(products).where(eq(products.name, name))
    expect(made.photoId).not.toBeNull()
    expect(await imageCount()).toBe(before.images + 1)
  })
})

describe('database read-only', () => {
  let restore: (() => Promise<void>) | null = null

  /** PostgreSQL: the database refuses writes on new connections (as after a fail-over to a standby); PGlite: the session. */
  async function makeReadOnly() {
    const handle = getDbHandle()
    if (handle.kind === 'postgres') {
      const [{ name }] = await handle.sql<{ name: string }[]>`select current_database() as name`
      await handle.sql.unsafe(`alter database "${name}" set default_transaction_read_only = on`)
      const fresh = openDb(handle.config)
      setDbHandle(fresh)
      restore = async () => {
        await handle.sql.unsafe(`alter database "${name}" reset default_transaction_read_only`)
        setDbHandle(handle)
        await fresh.close()
      }
    } else {
      await exec('set default_transaction_read_only = on')
      restore = async () => exec('set default_transaction_read_only = off')
    }
  }

  async function lift() {
    const r = restore
    restore = null
    await r?.()
  }

  beforeEach(async () => {
    await resetVibration()
  })

  afterAll(async () => {
    await lift()
  })

  test('upload form, gateway API and product photo answer 503 with their messages and store nothing; writable again → they succeed', async () => {
    const { cookie } = await signedIn('planner')
    const { token } = await createApiToken({ id: null, username: 'test' }, { name: 'gw', scope: 'write' })
    const beforeProducts = (await db.select({ n: count() }).from(products))[0].n
    const beforeImages = await imageCount()
    await makeReadOnly()
    try {
      const form = await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: recordingCsv(5000) }])
      expect(form.status).toBe(503)
      expect(form.data).toEqual({ formErrors: ['vibration.error.storageReadOnly'] })

      const api = await apiPost(token, recordingCsv(5000))
      expect(api.status).toBe(503)
      expect(api.data).toEqual({ error: { code: 'read_only', message: expect.stringMatching(/read-only/) } })
      expect(api.headers.get('Retry-After')).toBe('60')

      const photo = await callAction(newProduct, makeRequest('/products/new', { cookie, form: productForm({ name: `Read-only widget ${process.pid}` }) }))
      expect(photo.status).toBe(503)
      expect((photo.data as { error: Record<string, string[]> }).error['']).toEqual(['error.storage.readOnly'])
      await healthy() // reads still work
    } finally {
      await lift()
    }
    // Nothing was written: not even an import history row (the database refused that first).
    expect(await db.select({ n: count() }).from(vibrationImports)).toEqual([{ n: 0 }])
    expect(await counts()).toEqual(nothingStored)
    expect((await db.select({ n: count() }).from(products))[0].n).toBe(beforeProducts)
    expect(await imageCount()).toBe(beforeImages)

    expect((await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: recordingCsv(5000) }])).status).toBe(302)
    expect((await apiPost(token, recordingCsv(5000, 5000), '?machine=g2&sensor=1')).status).toBe(201)
    expect((await callAction(newProduct, makeRequest('/products/new', { cookie, form: productForm({ name: `Read-only widget ${process.pid}` }) }))).status).toBe(302)
    expect(await counts()).toMatchObject({ recordings: 2, samples: 10_000 })
  })
  test('a signed-in user whose session is due for its last-seen refresh still reads pages (the refresh is best effort)', async () => {
    const { cookie } = await signedIn('viewer')
    await db.update(sessions).set({ lastSeenAt: sql`now() - interval '10 minutes'` })
    await makeReadOnly()
    try {
      const page = await callLoader(dashboard, makeRequest('/', { cookie }))
      expect(page.status).toBe(200)
    } finally {
      await lift()
    }
  })
})

describe('the upload form keeps other errors apart', () => {
  beforeEach(async () => {
    await resetVibration()
  })

  test('a malformed multipart body is still a 400 "send multipart/form-data"', async () => {
    const { cookie } = await signedIn('planner')
    const post = (type: string, body: string) => {
      const headers = makeRequest('/', { cookie }).headers
      headers.set('Content-Type', type)
      return new Request(new URL('/vibration/upload', BASE), { method: 'POST', headers, body })
    }
    const truncated = '--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\n1,2,3'
    for (const [type, body] of [
      ['multipart/form-data; boundary=xyz', truncated],
      ['multipart/form-data', 'x'],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nContent-Type: text/csv\r\n\r\n1,2\r\n--xyz--\r\n'],
    ]) {
      expect(await callAction(upload, post(type, body)), `${type} ${body}`).toMatchObject({ status: 400, data: { formErrors: ['vibration.error.notMultipart'] } })
    }
    expect(await counts()).toEqual(nothingStored)
  })

  test('a database error that is not about storage is no longer answered as a 400: it reaches the generic error page (a lost connection included)', async () => {
    const { cookie } = await signedIn('planner')
    for (const code of ['P0001', '57P01']) {
      await exec(`create or replace function mes_test_boom() returns trigger language plpgsql as $$
        begin raise exception using errcode = '${code}', message = 'boom'; end $$`)
      await exec('create or replace trigger mes_test_boom before insert on vibration_imports for each row execute function mes_test_boom()')
      try {
        const error = await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: recordingCsv(100) }]).then(
          (r) => r,
          (e: unknown) => e,
        )
        expect(error, code).not.toHaveProperty('status')
        expect(isConnectionLost(error), code).toBe(code === '57P01')
      } finally {
        await exec('drop trigger if exists mes_test_boom on vibration_imports')
        await exec('drop function if exists mes_test_boom()')
      }
    }
    expect(await counts()).toEqual(nothingStored)
  })
})

// ---- backups ---------------------------------------------------------------------------------------------------------

const backupScript = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', 'backup', ...args], {
    env: { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })

describe('npm run db:backup onto a full or unwritable target', () => {
  let dataDir: string

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-bk-fault-'))
    const h = openDb({ dataDir })
    if (h.kind === 'pglite') await h.pglite.query('select 1')
    await h.close()
  })

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  /** Exit 1, a clear reason, no partial file anywhere in the target, and an older backup there untouched. */
  function expectCleanFailure(r: ReturnType<typeof backupScript>, target: string, out: string, reason: RegExp) {
    expect(r.status, r.stderr).toBe(1)
    expect(r.stderr).toMatch(/Backup failed/)
    expect(r.stderr).toMatch(reason)
    expect(fs.readdirSync(target).filter((n) => n !== 'filler' && n !== path.basename(out))).toEqual([])
    expect(fs.readFileSync(out, 'utf8')).toBe('an older backup')
  }

  test('embedded database, full target: exit 1, "the target is full", no partial file, the older backup untouched; with space it works', () => {
    const target = mountTmpfs('size=16m')
    if (!target) {
      console.log('faults-storage: mount not permitted here (not root / no CAP_SYS_ADMIN): the full-target backup case is skipped')
      return
    }
    try {
      const out = path.join(target, 'mes.tar.gz')
      fs.writeFileSync(out, 'an older backup')
      fillUp(target, 0)
      const r = backupScript(['--out', out], { DATA_DIR: dataDir })
      expectCleanFailure(r, target, out, /the target is full \(ENOSPC\)/)
      fs.rmSync(path.join(target, 'filler'))
      const ok = backupScript(['--out', out], { DATA_DIR: dataDir })
      expect(ok.status, ok.stderr).toBe(0)
      expect(fs.readFileSync(out).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])) // gzip, replaced whole
      expect(fs.readdirSync(target)).toEqual(['mes.tar.gz'])
    } finally {
      unmount(target)
    }
  }, 120_000)

  test('embedded database, unwritable target: exit 1, "not writable", no partial file', () => {
    let target = mountTmpfs('size=1m')
    let how = 'a read-only tmpfs'
    const out = () => path.join(target!, 'mes.tar.gz')
    try {
      if (target) {
        fs.writeFileSync(out(), 'an older backup')
        expect(spawnSync('mount', ['-o', 'remount,ro', target]).status).toBe(0)
      } else if (process.getuid?.() !== 0) {
        target = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-bk-ro-'))
        fs.writeFileSync(out(), 'an older backup')
        fs.chmodSync(target, 0o555)
        how = 'a folder without write permission'
      } else {
        console.log('faults-storage: root without mount: no unwritable target to test')
        return
      }
      const r = backupScript(['--out', out()], { DATA_DIR: dataDir })
      expectCleanFailure(r, target, out(), /the target is not writable \((EROFS|EACCES)\)/)
      console.log(`faults-storage: unwritable backup target was ${how}`)
    } finally {
      if (target && how.startsWith('a read-only')) unmount(target)
      else if (target) {
        fs.chmodSync(target, 0o755)
        fs.rmSync(target, { recursive: true, force: true })
      }
    }
  }, 120_000)

  test.runIf(!!process.env.TEST_DATABASE_URL)('PostgreSQL (pg_dump), full target: exit 1, pg_dump’s reason shown, no partial file', () => {
    const handle = getDbHandle()
    if (handle.kind !== 'postgres') throw new Error('expected PostgreSQL')
    const target = mountTmpfs('size=16m')
    if (!target) {
      console.log('faults-storage: mount not permitted here: the pg_dump full-target case is skipped')
      return
    }
    try {
      const out = path.join(target, 'mes.pgdump')
      fs.writeFileSync(out, 'an older backup')
      fillUp(target, 0)
      const r = backupScript(['--out', out], { DATABASE_URL: handle.config.databaseUrl! })
      expectCleanFailure(r, target, out, /pg_dump exited with 1/)
      expect(r.stderr).toMatch(/No space left on device/)
      fs.rmSync(path.join(target, 'filler'))
      const ok = backupScript(['--out', out], { DATABASE_URL: handle.config.databaseUrl! })
      expect(ok.status, ok.stderr).toBe(0)
      expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('PGDMP')
      expect(fs.readdirSync(target)).toEqual(['mes.pgdump'])
    } finally {
      unmount(target)
    }
  }, 120_000)
})
