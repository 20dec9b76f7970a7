import { expect, test } from './fixtures'
import { login, OWNER, tag } from './helpers'

test('login → navigate every module → logout, and the old page is closed afterwards', async ({ page }) => {
  await login(page)
  const nav = page.getByRole('navigation', { name: '메뉴' })
  for (const [label, path] of [
    ['주문', '/orders'],
    ['생산 일정', '/schedule'],
    ['필라멘트 재고', '/inventory'],
    ['프린터', '/printers'],
    ['통계', '/statistics'],
    ['진동 모니터링', '/vibration'],
    ['관리', '/admin/users'],
    ['대시보드', '/'],
  ] as const) {
    await nav.getByRole('link', { name: label, exact: true }).click()
    await expect(page).toHaveURL(new RegExp(`${path === '/' ? '/$' : path}`))
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  }
  // Touch targets are at least 44 px tall.
  const box = await nav.getByRole('link', { name: '주문', exact: true }).boundingBox()
  expect(box!.height).toBeGreaterThanOrEqual(44)

  await page.getByRole('button', { name: '로그아웃' }).click()
  await expect(page).toHaveURL(/\/login/)
  await expect(page.getByTestId('toast')).toHaveText('로그아웃했습니다.')
  await page.goto('/orders')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Forders/)
})

test('the session cookie is HttpOnly, SameSite=Lax and Secure (production), and carries only a random id', async ({ page, context }) => {
  await login(page)
  const session = (await context.cookies()).find((c) => c.name === '__Host-mes_session')
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/' })
  const id = JSON.parse(Buffer.from(decodeURIComponent(session!.value), 'base64').toString('utf8'))
  expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/)
})

test('a wrong password shows a message and signs nobody in', async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('아이디').fill(OWNER.username)
  await page.getByLabel('비밀번호').fill('definitely-wrong')
  await page.getByRole('button', { name: '로그인' }).click()
  await expect(page.getByRole('alert')).toHaveText('아이디 또는 비밀번호가 올바르지 않습니다.')
  await page.goto('/')
  await expect(page).toHaveURL(/\/login/)
})

test('after 10 failures the 11th attempt for that username is rate-limited', async ({ page }, info) => {
  const username = `ghost-${tag(info)}`
  for (let i = 0; i < 10; i++) {
    await page.goto('/login')
    await page.getByLabel('아이디').fill(username)
    await page.getByLabel('비밀번호').fill(`wrong-${i}`)
    await page.getByRole('button', { name: '로그인' }).click()
    await expect(page.getByRole('alert')).toHaveText('아이디 또는 비밀번호가 올바르지 않습니다.')
  }
  await page.getByLabel('비밀번호').fill('anything')
  await page.getByRole('button', { name: '로그인' }).click()
  await expect(page.getByRole('alert')).toContainText('로그인 실패가 너무 많습니다')
  // The owner on the same device is unaffected.
  await login(page)
})

test('the language switch turns the UI to English and is remembered', async ({ page }) => {
  await login(page)
  await page.getByRole('button', { name: '언어 변경' }).click()
  await expect(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Orders' })).toBeVisible()
  await page.reload()
  await expect(page.getByTestId('welcome')).toHaveText(`Good to see you, ${OWNER.displayName}.`)
  await page.getByRole('button', { name: 'Change language' }).click()
  await expect(page.getByTestId('welcome')).toHaveText(`${OWNER.displayName} 님, 반갑습니다.`)
})

test('an admin creates an operator; the operator sees no admin menu and is refused the admin page', async ({ page }, info) => {
  const username = `op-${tag(info)}`
  await login(page)
  await page.goto('/admin/users')
  await page.getByLabel('아이디').fill(username)
  await page.getByLabel('표시 이름').fill(`Operator ${tag(info)}`)
  await page.getByLabel('역할').selectOption('operator')
  await page.getByLabel('비밀번호', { exact: true }).fill('operator-pass-1')
  await page.getByLabel('비밀번호 확인').fill('operator-pass-2')
  await page.getByRole('button', { name: '만들기' }).click()
  await expect(page.getByText('비밀번호가 일치하지 않습니다.')).toBeVisible()
  await page.getByLabel('비밀번호', { exact: true }).fill('operator-pass-1')
  await page.getByLabel('비밀번호 확인').fill('operator-pass-1')
  await page.getByRole('button', { name: '만들기' }).click()
  await expect(page.getByTestId('toast')).toContainText(username)
  await page.getByRole('button', { name: '로그아웃' }).click()

  await login(page, username, 'operator-pass-1')
  await expect(page.getByRole('navigation', { name: '메뉴' }).getByRole('link', { name: '관리' })).toHaveCount(0)
  const res = await page.goto('/admin/users')
  expect(res?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: '권한이 없습니다' })).toBeVisible()
})

test('responses carry the security headers; a cross-site POST is refused', async ({ page, request }) => {
  const res = await page.goto('/login')
  const h = res!.headers()
  expect(h['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/)
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(h['x-content-type-options']).toBe('nosniff')
  expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin')
  expect(h['x-powered-by']).toBeUndefined()
  const cross = await request.post('/language', { form: { lang: 'en', redirectTo: '/' }, headers: { Origin: 'https://evil.example' }, maxRedirects: 0 })
  expect(cross.status()).toBe(403)
  const same = await request.post('/language', { form: { lang: 'en', redirectTo: '/' }, headers: { Origin: new URL(res!.url()).origin }, maxRedirects: 0 })
  expect(same.status()).toBe(302)
})

test('a server error shows the generic page without stack or SQL', async ({ page }) => {
  const res = await page.goto('/test-error')
  expect(res?.status()).toBe(500)
  await expect(page.getByRole('heading', { name: '문제가 발생했습니다' })).toBeVisible()
  const html = await page.content()
  expect(html).not.toContain('SELECT')
  expect(html).not.toContain('secretFunction')
  expect(html).not.toMatch(/at .+\.(ts|js):\d+/)
})

test('healthz reports the database', async ({ request }) => {
  const res = await request.get('/healthz')
  expect(res.status()).toBe(200)
  expect(await res.json()).toEqual({ status: 'ok', database: 'up' })
})
