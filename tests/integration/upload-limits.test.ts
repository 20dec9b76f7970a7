import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { readUploadForm } from '~/utils/images.server'
import { BASE } from '../support/app'
import { lastImport, recordingCsv, resetVibration, signedIn, storedCounts, uploadFiles, type UploadFile } from './vibration-support'

/**
 * Upload limits hold per request, not per part (security issue, finding 6): with a chunked body (no Content-Length),
 * several files each under the cap used to pass a lower request cap, and photo forms held every file part in memory.
 */
const MiB = 1024 * 1024

describe('vibration upload: the cap is for the whole request', () => {
  beforeEach(async () => {
    await resetVibration()
  })
  afterEach(() => {
    delete process.env.VIBRATION_MAX_UPLOAD_BYTES
  })

  test('three files each under the cap, together over it (no Content-Length) → 413 at the file that crosses it', async () => {
    const { cookie } = await signedIn('planner')
    const cap = 100_000
    process.env.VIBRATION_MAX_UPLOAD_BYTES = String(cap)
    const files: UploadFile[] = [0, 1, 2].map((k) => ({ name: `g1_sensor${k + 1}.csv`, content: recordingCsv(1500, k * 1500) }))
    const sizes = files.map((f) => Buffer.byteLength(f.content as string))
    for (const size of sizes) expect(size).toBeLessThan(cap)
    // Over the cap plus the 64 KiB the form's fields and part headers may take.
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThan(cap + 64 * 1024)
    const res = await uploadFiles(cookie, files)
    expect(res.status).toBe(413)
    expect((res.data as { formErrors: string[] }).formErrors).toEqual(['vibration.error.tooLarge'])
    // Each file is its own import: the two read before the request crossed the cap are kept (and listed in the history);
    // the one that crossed it stored nothing and is marked failed as too large. Before: all three were stored.
    expect((await storedCounts()).recordings).toBe(2)
    expect(await lastImport()).toMatchObject({ fileName: 'g1_sensor3.csv', status: 'failed', message: 'vibration.error.tooLarge' })
  })

  test('more than 256 parts → 413 naming the limit, nothing stored', async () => {
    const { cookie } = await signedIn('planner')
    const fields = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}`, 'x']))
    const res = await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: recordingCsv(10) }], fields)
    expect(res.status).toBe(413)
    expect(res.data).toMatchObject({ formErrors: ['vibration.error.tooManyParts'], params: { max: 256 } })
    expect(await storedCounts()).toMatchObject({ recordings: 0, blocks: 0 })
  })

  test('a few files within the cap still import', async () => {
    const { cookie } = await signedIn('planner')
    process.env.VIBRATION_MAX_UPLOAD_BYTES = String(1 * MiB)
    const res = await uploadFiles(cookie, [0, 1].map((k) => ({ name: `g1_sensor${k + 1}.csv`, content: recordingCsv(40, k * 40) })))
    expect(res.status).toBe(302)
    expect((await storedCounts()).recordings).toBe(2)
  })
})

/** A multipart request as a browser sends it, streamed (no Content-Length). */
function photoForm(parts: Array<{ name: string; file?: { name: string; bytes: Uint8Array }; value?: string }>): Request {
  const form = new FormData()
  for (const p of parts) form.append(p.name, p.file ? new File([p.file.bytes as BlobPart], p.file.name, { type: 'image/jpeg' }) : (p.value ?? ''))
  const encoded = new Response(form)
  return new Request(new URL('/products/new', BASE), {
    method: 'POST',
    headers: { 'Content-Type': encoded.headers.get('Content-Type')! },
    body: encoded.body,
    duplex: 'half',
  } as RequestInit)
}

async function statusOf(p: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await p
    return 'ok'
  } catch (e) {
    if (e instanceof Response) return e.status
    throw e
  }
}

describe('photo forms: parts are streamed with a cap per part and per request', () => {
  test('one file per field is kept; a second file under the same name is read through and dropped', async () => {
    const a = new Uint8Array(3 * MiB).fill(1)
    const b = new Uint8Array(3 * MiB).fill(2)
    const form = await readUploadForm(photoForm([{ name: 'name', value: 'Bracket' }, { name: 'photo', file: { name: 'a.jpg', bytes: a } }, { name: 'photo', file: { name: 'b.jpg', bytes: b } }]))
    expect(form.get('name')).toBe('Bracket')
    const files = form.getAll('photo')
    expect(files).toHaveLength(1)
    expect((files[0] as File).name).toBe('a.jpg')
  })

  test('several large files in one chunked request → 413 (before: every part held in memory)', async () => {
    const big = new Uint8Array(8 * MiB)
    const parts = [0, 1, 2].map((k) => ({ name: `photo${k}`, file: { name: `p${k}.jpg`, bytes: big } }))
    expect(await statusOf(readUploadForm(photoForm(parts)))).toBe(413)
  })

  test('a flood of small parts → 413', async () => {
    const parts = Array.from({ length: 100 }, (_, i) => ({ name: `f${i}`, value: 'x' }))
    expect(await statusOf(readUploadForm(photoForm(parts)))).toBe(413)
  })

  test('a text field over 64 KiB → 413; a malformed body → 400', async () => {
    expect(await statusOf(readUploadForm(photoForm([{ name: 'name', value: 'x'.repeat(70 * 1024) }])))).toBe(413)
    const broken = new Request(new URL('/products/new', BASE), { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=zzz' }, body: 'not multipart at all' })
    expect(await statusOf(readUploadForm(broken))).toBe(400)
  })
})
