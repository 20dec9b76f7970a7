import { expect, test } from './fixtures'
import { addFilamentWithSpool, createUser, login, tag } from './helpers'

const ENABLE = '다시 사용'

// Issue #16 item 4: a destructive tap has a safety net — a confirm step that works without JavaScript (the red button is
// the second tap, never the first) and, where the change can be taken back, an Undo button in the toast. Both projects
// run this, so also with JavaScript off.

test('archiving a spool asks first, and the toast takes it back', async ({ page }, info) => {
  await login(page)
  const material = `UNDO${tag(info).toUpperCase()}`
  await addFilamentWithSpool(page, { material, colour: '회색', hex: '#777777' })
  await expect(page).toHaveURL(/\/inventory\/spools\/[0-9a-f-]+$/)

  // The first tap only opens the question; nothing is sent.
  const confirm = page.getByTestId('confirm-archive')
  await confirm.getByText('스풀 보관').first().click()
  await expect(confirm.getByText('이 스풀을 보관할까요?', { exact: false })).toBeVisible()
  await expect(page.getByTestId('toast')).not.toContainText('보관했습니다')
  // For people to look at (not compared): the open question in portrait, the toast with Undo in landscape.
  await page.setViewportSize({ width: 820, height: 1180 })
  await page.screenshot({ path: `test-results/undo/spool-confirm-${tag(info)}-820.png`, fullPage: true })

  await confirm.getByRole('button', { name: '스풀 보관' }).click()
  const toast = page.getByTestId('toast')
  await expect(toast).toContainText('스풀을 보관했습니다.')
  await expect(page.getByRole('button', { name: '스풀 복원' })).toBeVisible()
  await page.setViewportSize({ width: 1180, height: 820 })
  await page.screenshot({ path: `test-results/undo/spool-undo-${tag(info)}-1180.png` })

  await toast.getByRole('button', { name: '되돌리기' }).click()
  await expect(page.getByTestId('toast')).toContainText('스풀을 복원했습니다.')
  await expect(page.getByTestId('toast').getByRole('button', { name: '되돌리기' })).toHaveCount(0)
  await expect(page.getByTestId('confirm-archive')).toBeVisible()
})

test('disabling a user asks first, and the toast enables them again', async ({ page }, info) => {
  await login(page)
  const username = `undo-${tag(info)}`
  await createUser(page, { username, role: 'viewer' })
  await page.getByRole('link', { name: username, exact: true }).click()

  const confirm = page.getByTestId('confirm-disable')
  await confirm.getByText('사용 중지').first().click()
  await expect(confirm.getByText(`${username} 계정을 사용 중지할까요?`, { exact: false })).toBeVisible()
  await confirm.getByRole('button', { name: '사용 중지' }).click()
  const toast = page.getByTestId('toast')
  await expect(toast).toContainText(username)
  await expect(page.getByRole('button', { name: ENABLE })).toBeVisible()

  await toast.getByRole('button', { name: '되돌리기' }).click()
  await expect(page.getByTestId('confirm-disable')).toBeVisible()
  await expect(page.getByText('사용 중', { exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: ENABLE })).toHaveCount(0)
})
