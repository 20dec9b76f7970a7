import fs from 'node:fs'
import path from 'node:path'
import { count, eq, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { auditLog, vibrationBlocks, vibrationImports, vibrationMachines, vibrationRecordings } from '~db/schema'
import * as upload from '~/routes/vibration.upload'
import { callAction, makeRequest, makeUser, sessionFor } from '../support/app'

export const fixture = (name: string) => fs.readFileSync(path.resolve('tests/fixtures/vibration-data', name), 'utf8')

export async function signedIn(role: 'viewer' | 'operator' | 'planner' | 'admin' = 'planner') {
  const user = await makeUser(role)
  return { user, cookie: await sessionFor(user.id) }
}

export interface UploadFile {
  name: string
  content: string | Uint8Array
}

/** A multipart POST as the browser sends it: fields first, then the files. */
export function uploadRequest(cookie: string, files: UploadFile[], fields: Record<string, string> = {}): Request {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const f of files) form.append('files', new File([f.content as BlobPart], f.name, { type: 'text/csv' }))
  return makeRequest('/vibration/upload', { cookie, form, method: 'POST' })
}

export async function uploadFiles(cookie: string, files: UploadFile[], fields: Record<string, string> = {}) {
  return callAction(upload, uploadRequest(cookie, files, fields))
}

export async function lastImport() {
  const rows = await db.select().from(vibrationImports).orderBy(sql`${vibrationImports.startedAt} desc, ${vibrationImports.id} desc`).limit(1)
  return rows[0]
}

/** Stored samples: the sum of recordings' sample counts, and block rows. */
export async function storedCounts() {
  const [rec] = await db.select({ n: count(), samples: sql<number>`coalesce(sum(${vibrationRecordings.sampleCount}), 0)::int` }).from(vibrationRecordings)
  const [blocks] = await db.select({ n: count() }).from(vibrationBlocks)
  const [machines] = await db.select({ n: count() }).from(vibrationMachines)
  return { recordings: rec.n, samples: Number(rec.samples), blocks: blocks.n, machines: machines.n }
}

export async function auditCount(action: string) {
  const [row] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, action))
  return row.n
}

/** A headerless four-channel recording of `n` rows. */
export function recordingCsv(n: number, offset = 0, eol = '\n'): string {
  const lines: string[] = []
  for (let i = 0; i < n; i++) {
    const k = i + offset
    lines.push(`${(k / 1360).toFixed(7)},${Math.sin(k / 5).toFixed(6)},${Math.cos(k / 9).toFixed(6)},${(k % 17) / 10},${-k / 1000}`)
  }
  return lines.join(eol) + eol
}

/**
 * Empties this module's tables (and its audit rows) before each test. (tests/support/db-setup.ts's truncateAll matches no
 * table: its `'\_\_%'` pattern reaches SQL as `'__%'` — reported to the foundation's owner.)
 */
export async function resetVibration() {
  await db.execute(sql.raw('truncate vibration_blocks, vibration_recordings, vibration_sensors, vibration_imports, vibration_machines, api_tokens cascade'))
  await db.execute(sql`delete from audit_log where action like 'vibration.%' or action like 'token.%'`)
}
