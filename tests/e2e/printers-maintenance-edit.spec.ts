import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { langCookie, login, tag } from './helpers'

// Issue #16 item 4: a planner corrects a maintenance entry, removes it behind a confirm step and takes the removal back
// from the toast; a maintenance window's removal asks first and can be undone the same way. Both projects run this, so
// it all works with JavaScript off too.

const PASSWORD = 'violet-harbour-kettle-42'

/**
 * For people to look at (not compared): the page in Korean and English at both tablet sizes, with `open` run after each
 * reload (a confirm step opened); no sideways scroll at any of them. JavaScript on only, so one set of pictures.
 */
async function screenshots(page: Page, baseURL: string, name: string, open: () => Promise<void>) {
  for (const lang of ['ko', 'en'] as const) {
    await page.context().addCookies([{ name: 'mes_lang', value: langCookie(lang), url: baseURL }])
    await page.reload()
    await open()
    for (const size of [
      { width: 820, height: 1180 },
      { width: 1180, height: 820 },
    ]) {
      await page.setViewportSize(size)
      await page.screenshot({ path: `test-results/maintenance/${name}-${lang}-${size.width}.png`, fullPage: true })
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(overflow, `${name} ${lang} ${size.width}: sideways scroll`).toBeLessThanOrEqual(0)
    }
  }
  await page.context().addCookies([{ name: 'mes_lang', value: langCookie('ko'), url: baseURL }])
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.reload()
  await open()
}

async function newPlanner(page: Page, username: string) {
  await login(page)
  await page.goto('/admin/users')
  await page.getByLabel('아이디').fill(username)
  await page.getByLabel('표시 이름').fill(`Planner ${username}`)
  await page.getByLabel('역할').selectOption('planner')
  await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD)
  await page.getByLabel('비밀번호 확인').fill(PASSWORD)
  await page.getByRole('button', { name: '만들기' }).click()
  await expect(page.getByTestId('toast')).toContainText(username)
  await page.context().clearCookies()
  await login(page, username, PASSWORD)
}

test('a planner corrects a maintenance entry, removes it after confirming, and takes the removal back from the toast', async ({ page, baseURL }, info) => {
  const t = tag(info)
  const asset = `MEDIT-${t.toUpperCase()}`
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  page.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : undefined))
  await newPlanner(page, `maint-planner-${t}`)

  await page.goto('/printers/new')
  await page.getByLabel('자산 번호').fill(asset)
  await page.getByLabel('이름').fill('Correction printer')
  await page.getByLabel('가동 시간', { exact: true }).selectOption('always')
  await page.getByRole('button', { name: '프린터 등록' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(asset)
  const printerPath = new URL(page.url()).pathname

  // An entry logged with a typo: 250 h and no note.
  await page.getByLabel('출력 시간 (계기)', { exact: true }).fill('250')
  await page.getByRole('button', { name: '노즐 교체', exact: true }).click()
  await expect(page.getByTestId('counter')).toHaveText('250 h')
  const history = page.getByTestId('history-table')
  await expect(history).toContainText('노즐 교체')

  // Correct it: 300 h (more than the counter, which rises with it) and a note.
  const correct = page.getByRole('link', { name: /노즐 교체 기록 정정$/ })
  expect((await correct.boundingBox())!.height).toBeGreaterThanOrEqual(44)
  await correct.click()
  const panel = page.getByTestId('entry-edit')
  await expect(panel).toContainText('계기는 내려가지 않습니다')
  await panel.getByLabel('출력 시간 (계기)').fill('300')
  await panel.getByLabel('메모').fill('counter misread')
  await panel.getByRole('button', { name: '정정 저장' }).click()
  await expect(page.getByTestId('toast')).toContainText('노즐 교체 기록을 정정했습니다. 출력 시간 계기가 300시간이 되었습니다.')
  await expect(page.getByTestId('entry-edit')).toHaveCount(0)
  await expect(page.getByTestId('counter')).toHaveText('300 h')
  await expect(history).toContainText('counter misread')
  await expect(page.getByTestId('next-due-nozzle_change')).toContainText('800시간 시점')

  // Remove it: the first tap only asks.
  await correct.click()
  const confirm = page.getByTestId('confirm-remove-entry')
  await confirm.getByText('기록 삭제', { exact: true }).click()
  await expect(confirm.getByText('이 기록을 정비 이력에서 삭제할까요?', { exact: false })).toBeVisible()
  await expect(history).toContainText('counter misread')
  if (t === 'json') await screenshots(page, baseURL!, 'entry-edit', () => page.getByTestId('confirm-remove-entry').locator('summary').click())
  await page.getByTestId('confirm-remove-entry').getByRole('button', { name: '이 기록 삭제' }).click()
  const toast = page.getByTestId('toast')
  await expect(toast).toContainText(`${asset}의`)
  await expect(toast).toContainText('노즐 교체 기록을 삭제했습니다.')
  await expect(page).toHaveURL(new RegExp(`${printerPath}$`))
  await expect(page.getByText('아직 정비 기록이 없습니다.').first()).toBeVisible()
  await expect(page.getByTestId('counter')).toHaveText('300 h')
  await expect(page.getByTestId('due-nozzle_change')).toContainText('기록 없음')

  // Undo from the toast brings it back.
  await toast.getByRole('button', { name: '되돌리기' }).click()
  await expect(page.getByTestId('toast')).toContainText('노즐 교체 기록을 정비 이력에 되돌렸습니다.')
  await expect(page.getByTestId('toast').getByRole('button', { name: '되돌리기' })).toHaveCount(0)
  await expect(history).toContainText('counter misread')
  await expect(page.getByTestId('next-due-nozzle_change')).toContainText('800시간 시점')

  // A maintenance window: removed after confirming, and back through Undo.
  const addWindow = page.locator('form').filter({ has: page.getByRole('button', { name: '시간대 추가' }) })
  await addWindow.getByLabel('시작', { exact: true }).fill('2030-01-07T09:00')
  await addWindow.getByLabel('종료', { exact: true }).fill('2030-01-07T12:30')
  await addWindow.getByLabel('사유').fill('belt swap')
  await addWindow.getByRole('button', { name: '시간대 추가' }).click()
  const windows = page.getByTestId('windows')
  await expect(windows).toContainText('2030-01-07 09:00 – 2030-01-07 12:30 · belt swap')
  const openWindowConfirm = () => page.getByTestId('windows').locator('summary').first().click()
  await openWindowConfirm()
  if (t === 'json') await screenshots(page, baseURL!, 'window-confirm', openWindowConfirm)
  await expect(windows.getByText('정비 시간대를 삭제할까요?', { exact: false })).toBeVisible()
  await windows.getByRole('button', { name: '이 시간대 삭제' }).click()
  await expect(page.getByTestId('toast')).toContainText('정비 시간대를 삭제했습니다.')
  await expect(page.getByText('계획된 정비 시간대가 없습니다.')).toBeVisible()
  await page.getByTestId('toast').getByRole('button', { name: '되돌리기' }).click()
  await expect(page.getByTestId('toast')).toContainText('정비 시간대를 추가했습니다.')
  await expect(page.getByTestId('windows')).toContainText('2030-01-07 09:00 – 2030-01-07 12:30 · belt swap')
  expect(problems).toEqual([])
})
