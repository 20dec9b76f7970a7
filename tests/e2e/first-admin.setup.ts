import { expect, test } from '@playwright/test'
import { OWNER, SETUP_CODE } from './helpers'

test('a fresh install sends the first visitor to /setup, creates the admin and then closes setup for good', async ({ page }) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/setup$/)
  // Field-level errors come back from the server.
  await page.getByLabel('설정 코드').fill(SETUP_CODE)
  await page.getByLabel('아이디').fill('x')
  await page.getByLabel('표시 이름').fill(OWNER.displayName)
  await page.getByLabel('비밀번호', { exact: true }).fill('short')
  await page.getByLabel('비밀번호 확인').fill('short')
  await page.getByRole('button', { name: '관리자 만들기' }).click()
  await expect(page.getByText('영문 소문자, 숫자, 점, 대시, 밑줄로 3–32자를 입력하세요.')).toBeVisible()

  await page.getByLabel('설정 코드').fill(SETUP_CODE)
  await page.getByLabel('아이디').fill(OWNER.username)
  await page.getByLabel('비밀번호', { exact: true }).fill(OWNER.password)
  await page.getByLabel('비밀번호 확인').fill(OWNER.password)
  await page.getByRole('button', { name: '관리자 만들기' }).click()
  await expect(page.getByTestId('toast')).toHaveText('관리자 계정을 만들었습니다.')
  await expect(page.getByTestId('welcome')).toContainText(OWNER.displayName)

  await page.goto('/setup')
  await expect(page).not.toHaveURL(/\/setup/)
})
