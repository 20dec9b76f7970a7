import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import { db } from '~db/client.server'
import { vibrationImports, vibrationMachines } from '~db/schema'
import { encode } from 'turbo-stream'
import { failureHeadline } from '~/components/vibration/import-report'
import { decodeActionAnswer } from '~/components/vibration/upload-progress'
import { translator } from '~/i18n'
import * as importPage from '~/routes/vibration.imports.$importId'
import * as progressRoute from '~/routes/vibration.imports.progress'
import * as upload from '~/routes/vibration.upload'
import { CLIENT_IP_HEADER } from '~/utils/request.server'
import { BASE, callAction, callLoader, makeRequest } from '../support/app'
import { fixture, lastImport, recordingCsv, resetVibration, signedIn, uploadFiles } from './vibration-support'

beforeEach(async () => {
  await resetVibration()
})

const encoder = new TextEncoder()

/**
 * A multipart upload whose body streams: the fields and the first `firstRows` rows of the file at once, the rest only
 * after `release()` — as a slow link would send it.
 */
function slowUpload(cookie: string, fields: Record<string, string>, fileName: string, firstPart: string, rest: string) {
  const boundary = `----mes${randomUUID().replace(/-/g, '')}`
  const head =
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let step = 0
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (step === 0) controller.enqueue(encoder.encode(head + firstPart))
      else if (step === 1) {
        await gate
        controller.enqueue(encoder.encode(`${rest}\r\n--${boundary}--\r\n`))
      } else controller.close()
      step++
    },
  })
  const headers = new Headers({ Cookie: cookie, 'Content-Type': `multipart/form-data; boundary=${boundary}`, [CLIENT_IP_HEADER]: '10.0.0.1' })
  const request = new Request(new URL('/vibration/upload', BASE), { method: 'POST', headers, body, duplex: 'half' } as RequestInit)
  return { request, release }
}

type Progress = { files: Array<{ id: string; status: string; rowsParsed: number; rowsImported: number; sizeBytes: number; diagnosis: Record<string, number> }> }

async function progressOf(cookie: string, batch: string): Promise<Progress> {
  const res = await callLoader(progressRoute, makeRequest(`/vibration/imports/progress?batch=${batch}`, { cookie }))
  expect(res.status).toBe(200)
  return res.data as Progress
}

describe('vibration upload: progress while it runs', () => {
  test('the rows read so far show by the upload id while the body still streams, then stored and diagnosed', async () => {
    const { cookie } = await signedIn('planner')
    const uploadId = randomUUID()
    // Over 256 KiB before the pause, so the importer has read (and published) a first batch of rows by then.
    const first = recordingCsv(8000, 0, '\r\n')
    const rest = recordingCsv(2000, 8000, '\r\n')
    const { request, release } = slowUpload(cookie, { uploadId, recordedAt: '2025-03-01T10:00:00' }, 'slow_sensor1.csv', first, rest)
    const pending = callAction(upload, request)

    // While the body is held back: the import is running and says how far it got.
    await vi.waitFor(
      async () => {
        const { files } = await progressOf(cookie, uploadId)
        expect(files).toHaveLength(1)
        expect(files[0].status).toBe('running')
        expect(files[0].rowsParsed).toBeGreaterThan(0)
      },
      { timeout: 30_000, interval: 50 },
    )
    const during = (await progressOf(cookie, uploadId)).files[0]
    expect(during.rowsParsed).toBeLessThanOrEqual(8000)
    expect(during.sizeBytes).toBeGreaterThan(256 * 1024)
    // Someone else's session does not see this upload's progress.
    const other = await signedIn('operator')
    expect((await progressOf(other.cookie, uploadId)).files).toEqual([])

    release()
    const res = await pending
    expect(res).toMatchObject({ status: 302, location: `/vibration/imports/${during.id}` })
    const after = (await progressOf(cookie, uploadId)).files[0]
    expect(after).toMatchObject({ id: during.id, status: 'succeeded', rowsImported: 10_000 })
    // 10,000 samples × 4 channels is small enough to be diagnosed in the request: its run is done by the redirect.
    expect(after.diagnosis).toMatchObject({ queued: 0, running: 0, done: 1 })
    const [row] = await db.select().from(vibrationImports).where(eq(vibrationImports.id, during.id))
    expect(row.batchId).toBe(uploadId)
  })

  test('an upload id that is taken already, or no UUID, is replaced by a fresh batch', async () => {
    const { cookie } = await signedIn('planner')
    const uploadId = randomUUID()
    const file = { name: 'g1_sensor1.csv', content: fixture('g1_sensor1.csv') }
    expect((await uploadFiles(cookie, [file], { uploadId })).status).toBe(302)
    expect((await lastImport()).batchId).toBe(uploadId)
    expect((await uploadFiles(cookie, [{ name: 'g2_sensor3.csv', content: fixture('g2_sensor3.csv') }], { uploadId })).status).toBe(302)
    expect((await lastImport()).batchId).not.toBe(uploadId)
    expect((await uploadFiles(cookie, [{ name: 'export.csv', content: fixture('table-export.csv') }], { uploadId: 'not-a-uuid' })).status).toBe(302)
    expect((await lastImport()).batchId).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('vibration upload: machines and the report headline', () => {
  test('an operator uploading to a machine that is not registered gets a report headed by that cause', async () => {
    const { cookie } = await signedIn('operator')
    const res = await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: fixture('g1_sensor1.csv') }])
    const imp = await lastImport()
    expect(res).toMatchObject({ status: 302, location: `/vibration/imports/${imp.id}` })
    expect(imp).toMatchObject({ status: 'failed', message: 'vibration.error.problems' })
    expect(await db.select().from(vibrationMachines)).toEqual([])

    const page = await callLoader(importPage, makeRequest(`/vibration/imports/${imp.id}`, { cookie }), { importId: imp.id })
    const shown = (page.data as { imp: Parameters<typeof failureHeadline>[1] }).imp
    expect(failureHeadline(translator('ko'), shown)).toEqual({
      text: '등록되지 않은 설비: g1',
      help: expect.stringContaining('계획 담당자나 관리자에게 이 설비의 등록을 요청하세요') as string,
    })
    expect(failureHeadline(translator('en'), shown).text).toBe('Not a registered machine: g1')
  })

  test('a row problem is the headline as its line and reason, with the count of all problems', async () => {
    const { cookie } = await signedIn('planner')
    const lines = recordingCsv(6).split('\n')
    lines[2] = lines[2].replace(/,[^,]*$/, ',x')
    lines[3] = lines[3].replace(/,[^,]*$/, ',y')
    await uploadFiles(cookie, [{ name: 'g1_sensor1.csv', content: lines.join('\n') }])
    const imp = await lastImport()
    expect(imp.status).toBe('failed')
    const { text, help } = failureHeadline(translator('en'), { ...imp, problems: imp.problems })
    expect(text).toMatch(/^Line 3: /)
    expect(text).toContain('x')
    expect(help).toBe(`The table below lists ${imp.problemCount} problems in all.`)
  })

  test('the form lists the registered machines; operators may only choose, planners may also type a new one', async () => {
    await db.insert(vibrationMachines).values([{ name: 'press 2' }, { name: 'g1' }])
    const operator = await signedIn('operator')
    const asOperator = await callLoader(upload, makeRequest('/vibration/upload', { cookie: operator.cookie }))
    expect(asOperator.data).toMatchObject({ machines: ['g1', 'press 2'], canCreateMachines: false })
    const planner = await signedIn('planner')
    const asPlanner = await callLoader(upload, makeRequest('/vibration/upload', { cookie: planner.cookie }))
    expect(asPlanner.data).toMatchObject({ canCreateMachines: true })

    // A new machine typed by a planner wins over the file name; an operator's typed name is ignored (the select decides).
    const file = { name: 'g1_sensor1.csv', content: fixture('g1_sensor1.csv') }
    expect((await uploadFiles(planner.cookie, [file], { newMachine: 'lathe 9', sensor: '1' })).status).toBe(302)
    expect(await lastImport()).toMatchObject({ status: 'succeeded' })
    expect((await db.select().from(vibrationMachines).where(eq(vibrationMachines.name, 'lathe 9'))).length).toBe(1)
    await uploadFiles(operator.cookie, [{ name: 'g2_sensor3.csv', content: fixture('g2_sensor3.csv') }], { newMachine: 'mill 4', machine: 'press 2' })
    expect(await lastImport()).toMatchObject({ status: 'succeeded' })
    expect((await db.select().from(vibrationMachines).where(eq(vibrationMachines.name, 'mill 4'))).length).toBe(0)
  })
})

describe('vibration upload: the page reads the action answer of its own request', () => {
  async function encoded(value: unknown): Promise<string> {
    let text = ''
    const decoder = new TextDecoder()
    const reader = encode(value).getReader()
    for (;;) {
      const { value: chunk, done } = await reader.read()
      if (done) return text + decoder.decode()
      text += decoder.decode(chunk as unknown as Uint8Array, { stream: true })
    }
  }

  test('a redirect and the form errors come back as the action gave them (Remix single-fetch encoding)', async () => {
    const redirect = { redirect: '/vibration/imports/abc', status: 302, revalidate: true, reload: false, replace: false }
    expect(decodeActionAnswer(await encoded(redirect))).toEqual(redirect)
    const errors = { data: { formErrors: ['vibration.error.tooLarge', 'vibration.error.tooLarge'], params: { mb: 1024, note: 'data', none: null } } }
    expect(decodeActionAnswer(await encoded(errors))).toEqual(errors)
  })

  test('anything else reads as nothing (the page then says the connection failed)', async () => {
    expect(decodeActionAnswer('<html>')).toBeNull()
    expect(decodeActionAnswer(await encoded({ when: new Date(0) }))).toBeNull()
  })
})
