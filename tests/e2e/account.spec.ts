import type { Page, TestInfo } from '@playwright/test'
import { Secret, TOTP } from 'otpauth'
import { expect, test } from './fixtures'
import { hydrated, login, OWNER, tag } from './helpers'

// Issue #15 finding 4 in the browser: a user changes their password, turns on two-factor authentication by scanning
// (here: reading) the key, and signs in with the code step — in both projects, so also with JavaScript off.

const STRONG = 'violet-harbour-kettle-42'
const NEWER = 'amber-lantern-meadow-77'
const codeFor = (secret: string, steps = 0) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + steps * 30_000 })

async function createUser(page: Page, info: TestInfo, username: string) {
  await login(page)
  await page.goto('/admin/users')
  await hydrated(page, info)
  await page.getByLabel('아이디').fill(username)
  await page.getByLabel('표시 이름').fill(`User ${username}`)
  await page.getByLabel('역할').selectOption('operator')
  // A common password is refused with a message, a strong one accepted.
  await page.getByLabel('비밀번호', { exact: true }).fill('password1')
  await page.getByLabel('비밀번호 확인').fill('password1')
  await page.getByRole('button', { name: '만들기' }).click()
  await expect(page.getByText('흔하거나 유출된 비밀번호 목록에 있는 비밀번호입니다.', { exact: false })).toBeVisible()
  // The refused passwords are cleared (never sent back): type the next one once that has happened.
  await expect(page.getByLabel('비밀번호', { exact: true })).toHaveValue('')
  await page.getByLabel('비밀번호', { exact: true }).fill(STRONG)
  await page.getByLabel('비밀번호 확인').fill(STRONG)
  await page.getByRole('button', { name: '만들기' }).click()
  await expect(page.getByTestId('toast')).toContainText(username)
  await page.getByRole('button', { name: '로그아웃', exact: true }).click()
  await expect(page).toHaveURL(/\/login/)
}

test('a user changes their password, turns on two-factor authentication and signs in with the code step', async ({ page, browser }, info) => {
  // One long flow (two devices, several argon2 sign-ins).
  test.slow()
  const username = `tfa-${tag(info)}`
  await createUser(page, info, username)
  await login(page, username, STRONG)

  // Own password: the current one is required.
  await page.getByRole('link', { name: '내 계정' }).click()
  await expect(page).toHaveURL(/\/account$/)
  await page.getByRole('link', { name: '비밀번호 변경' }).first().click()
  await hydrated(page, info)
  await page.getByLabel('현재 비밀번호').fill('not-my-password')
  await page.getByLabel('새 비밀번호').fill(NEWER)
  await page.getByLabel('비밀번호 확인').fill(NEWER)
  await page.getByRole('button', { name: '비밀번호 변경' }).click()
  await expect(page.getByText('현재 비밀번호가 올바르지 않습니다.')).toBeVisible()
  await page.getByLabel('현재 비밀번호').fill(STRONG)
  await page.getByLabel('새 비밀번호').fill(NEWER)
  await page.getByLabel('비밀번호 확인').fill(NEWER)
  await page.getByRole('button', { name: '비밀번호 변경' }).click()
  await expect(page.getByTestId('toast')).toContainText('비밀번호를 변경했습니다')

  // Two-factor: start, read the key, confirm with a code; the recovery codes are shown once.
  await page.goto('/account/two-factor')
  await page.getByRole('button', { name: '2단계 인증 설정' }).click()
  await expect(page.getByTestId('totp-qr')).toBeVisible()
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim()
  await page.getByLabel('코드').fill(codeFor(secret))
  await page.getByRole('button', { name: '켜기' }).click()
  await expect(page.getByTestId('toast')).toContainText('2단계 인증이 켜졌습니다')
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10)
  const recovery = (await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents()).map((c) => c.trim())
  await page.reload()
  await expect(page.getByTestId('recovery-codes')).toHaveCount(0)

  // Touch targets of the account pages are at least 44 px tall.
  const box = await page.getByRole('button', { name: '새 복구 코드 만들기' }).boundingBox()
  expect(box!.height).toBeGreaterThanOrEqual(44)

  await page.getByRole('button', { name: '로그아웃', exact: true }).click()
  await page.goto('/login')
  await page.getByLabel('아이디').fill(username)
  await page.getByLabel('비밀번호').fill(NEWER)
  await page.getByRole('button', { name: '로그인' }).click()
  await expect(page).toHaveURL(/\/login\/two-factor$/)
  await page.getByLabel('코드').fill('000000')
  await page.getByRole('button', { name: '확인' }).click()
  await expect(page.getByRole('alert')).toContainText('코드가 올바르지 않습니다')
  await page.getByLabel('코드').fill(codeFor(secret, 1))
  await page.getByRole('button', { name: '확인' }).click()
  await expect(page.getByTestId('welcome')).toBeVisible()

  // A second device signs in with a recovery code.
  const other = await browser.newContext({ baseURL: info.project.use.baseURL, locale: 'ko-KR', javaScriptEnabled: info.project.use.javaScriptEnabled })
  const tablet = await other.newPage()
  await tablet.goto('/login')
  await tablet.getByLabel('아이디').fill(username)
  await tablet.getByLabel('비밀번호').fill(NEWER)
  await tablet.getByRole('button', { name: '로그인' }).click()
  await tablet.getByLabel('코드').fill(recovery[0])
  await tablet.getByRole('button', { name: '확인' }).click()
  await expect(tablet.getByTestId('welcome')).toBeVisible()

  // My sessions: both devices are listed, this one marked; "sign out everywhere else" ends the tablet's.
  await page.goto('/account/sessions')
  await expect(page.getByTestId('sessions').getByRole('row')).toHaveCount(3)
  await expect(page.getByTestId('sessions').getByText('이 기기')).toBeVisible()
  await page.getByRole('button', { name: '다른 모든 기기에서 로그아웃' }).click()
  await expect(page.getByTestId('toast')).toContainText('다른 기기에서 로그아웃했습니다: 1개')
  await tablet.goto('/orders')
  await expect(tablet).toHaveURL(/\/login/)
  await other.close()

  // The administrator resets it (lost phone): the password alone signs in again.
  await page.getByRole('button', { name: '로그아웃', exact: true }).click()
  await login(page, OWNER.username, OWNER.password)
  await page.goto('/admin/users')
  await page.getByRole('link', { name: username }).click()
  // Behind a confirm step: the first tap asks, the red button inside resets.
  const confirm = page.getByTestId('confirm-reset-2fa')
  await confirm.getByText('2단계 인증 초기화').first().click()
  await confirm.getByRole('button', { name: '2단계 인증 초기화' }).click()
  await expect(page.getByTestId('toast')).toContainText('2단계 인증을 초기화했습니다')
  await page.getByRole('button', { name: '로그아웃', exact: true }).click()
  await login(page, username, NEWER)
})
