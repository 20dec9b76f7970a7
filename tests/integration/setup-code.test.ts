import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { appSettings, users } from '~db/schema'
import { announceSetupCode } from '~/models/setup-code.server'
import * as setup from '~/routes/setup'
import { resetEnvCache } from '~/utils/env.server'
import { callAction, makeRequest } from '../support/app'

// Issue #15 finding 11: whoever reached a fresh install first became its administrator.

const ADMIN = { username: 'owner', displayName: 'Shop Owner', password: 'violet-harbour-kettle-42', confirm: 'violet-harbour-kettle-42' }
const submit = (form: Record<string, string>, ip = '10.0.0.1') => callAction(setup, makeRequest('/setup', { form, ip }))
const fieldErrors = (res: { data: unknown }) => (res.data as { error: Record<string, string[]> }).error

let savedCode: string | undefined
beforeEach(async () => {
  savedCode = process.env.SETUP_CODE
  delete process.env.SETUP_CODE
  resetEnvCache()
  await db.delete(appSettings)
  await db.delete(users)
})
afterEach(() => {
  if (savedCode === undefined) delete process.env.SETUP_CODE
  else process.env.SETUP_CODE = savedCode
  resetEnvCache()
})

describe('/setup needs the one-time setup code', () => {
  test('the code printed at start opens setup once; without it or with a wrong one nothing is created', async () => {
    // Before the server made a code, nothing opens setup (and a guess stores nothing).
    expect((await submit({ ...ADMIN, setupCode: 'AAAAA-BBBBB-CCCCC' })).status).toBe(400)
    expect(await db.select().from(appSettings)).toHaveLength(0)
    const lines: string[] = []
    await announceSetupCode((l) => lines.push(l))
    const code = /setup code: ([A-Z0-9-]+)$/.exec(lines[0])?.[1]
    expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/)
    // Every instance on the database prints the same code.
    const again: string[] = []
    await announceSetupCode((l) => again.push(l))
    expect(again).toEqual(lines)

    const missing = await submit(ADMIN)
    expect(missing.status).toBe(400)
    expect(fieldErrors(missing).setupCode).toEqual(['error.setupCode'])
    const wrong = await submit({ ...ADMIN, setupCode: 'AAAAA-BBBBB-CCCCC' })
    expect(wrong.status).toBe(400)
    expect(fieldErrors(wrong).setupCode).toEqual(['error.setupCodeWrong'])
    expect(JSON.stringify(wrong.data)).not.toContain(code)
    expect(await db.select().from(users)).toHaveLength(0)

    // Typed in lower case with spaces: still the code.
    const ok = await submit({ ...ADMIN, setupCode: ` ${code!.toLowerCase().replaceAll('-', ' ')} ` })
    expect(ok).toMatchObject({ status: 302, location: '/' })
    expect(await db.select().from(users)).toHaveLength(1)
    // The code is gone with the first admin, and nothing is printed at the next start.
    expect(await db.select().from(appSettings).where(eq(appSettings.key, 'setup_code'))).toHaveLength(0)
    const after: string[] = []
    expect(await announceSetupCode((l) => after.push(l))).toBeNull()
    expect(after).toEqual([])
  })

  test('SETUP_CODE sets the code (containers); the log then names the variable, not the code', async () => {
    process.env.SETUP_CODE = 'container-setup-code-7'
    resetEnvCache()
    const lines: string[] = []
    await announceSetupCode((l) => lines.push(l))
    expect(lines[0]).toContain('SETUP_CODE')
    expect(lines[0]).not.toContain('container-setup-code-7')
    expect((await submit({ ...ADMIN, setupCode: 'container-setup-code-8' })).status).toBe(400)
    expect(await submit({ ...ADMIN, setupCode: 'container-setup-code-7' })).toMatchObject({ status: 302, location: '/' })
  })

  test('the first admin’s password must pass the strength check too', async () => {
    process.env.SETUP_CODE = 'container-setup-code-7'
    resetEnvCache()
    const res = await submit({ ...ADMIN, setupCode: 'container-setup-code-7', password: 'password1', confirm: 'password1' })
    expect(res.status).toBe(400)
    expect(fieldErrors(res).password).toEqual(['error.passwordCommon'])
  })
})
