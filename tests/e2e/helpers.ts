import { expect, type Page, type TestInfo } from '@playwright/test'

export const OWNER = { username: 'owner', displayName: 'Shop Owner', password: 'owner-password-1' }

/** Something unique per project, so the JS-on and JS-off runs never trip over each other's data. */
export const tag = (info: TestInfo) => info.project.name.replace(/[^a-z]/g, '')

export async function login(page: Page, username = OWNER.username, password = OWNER.password) {
  await page.goto('/login')
  await page.getByLabel(/아이디|Username/).fill(username)
  await page.getByLabel(/비밀번호|Password/).fill(password)
  await page.getByRole('button', { name: /^(로그인|Sign in)$/ }).click()
  await expect(page.getByTestId('welcome')).toBeVisible()
}
