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

/** A filament (material · colour · Acme) with one 1,000 g spool of batch S1, through the inventory forms. */
export async function addFilamentWithSpool(page: Page, f: { material: string; colour: string; hex: string }) {
  await page.goto('/inventory/filaments')
  await page.getByLabel('재질', { exact: true }).fill(f.material)
  await page.getByLabel('색상', { exact: true }).fill(f.colour)
  await page.getByLabel('색상 코드').fill(f.hex)
  await page.getByLabel('브랜드').fill('Acme')
  await page.getByRole('button', { name: '만들기' }).click()
  await page.goto('/inventory/spools/new')
  await page.getByLabel('필라멘트').selectOption({ label: `${f.material} · ${f.colour} · Acme` })
  await page.getByLabel('배치 / 로트').fill('S1')
  await page.getByLabel('입고 시 순중량 (g)').fill('1000')
  await page.getByLabel('빈 스풀 무게 (g)').fill('250')
  await page.getByRole('button', { name: '만들기' }).click()
}

/** A product of that filament (10 g a unit, 4 units per 30-minute plate), optionally with a photo; waits for the toast. */
export async function addProduct(page: Page, p: { name: string; material: string; colour: string; photo?: string }, wait: { timeout?: number } = {}) {
  await page.goto('/products/new')
  await page.getByLabel('제품명', { exact: true }).fill(p.name)
  await page.getByLabel('필라멘트 (재질, 색상)').selectOption({ label: `${p.material} · ${p.colour} · Acme` })
  await page.getByLabel('개당 무게(g)').fill('10')
  await page.getByLabel('플레이트당 출력 시간(분)').fill('30')
  await page.getByLabel('플레이트당 수량').fill('4')
  if (p.photo) await page.getByLabel('사진', { exact: true }).setInputFiles(p.photo)
  await page.getByRole('button', { name: '제품 등록' }).click()
  await expect(page.getByTestId('toast')).toHaveText(`제품 ${p.name}을(를) 등록했습니다.`, wait)
}
