import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { BrowserContext, Page } from '@playwright/test'
import { navItems } from '../../app/components/ui/nav-items'
import { can, roles, type Role } from '../../app/utils/permissions'
import { expect, test } from './fixtures'
import { langCookie, login } from './helpers'

/**
 * The tablet checks that keep the bench pass fixed (issue 16): every page of the menu, as every role (the administrator
 * also every form page), in Korean and English, at 820×1180 and 1180×820 — no sideways page scroll, no console error or hydration warning,
 * no Korean particle template ("을(를)"), every tap target ≥ 44×44 px, and no serious or critical axe-core violation
 * (checked once per page, in Korean, landscape). A screenshot of each page in Korean at both sizes is written under
 * test-results/tablet/ for people to look at (not compared).
 */
const PAGES = [
  '/',
  '/orders',
  '/orders/new',
  '/products',
  '/products/new',
  '/schedule',
  '/schedule/plan',
  '/schedule/jobs/new',
  '/inventory',
  '/inventory/filaments',
  '/inventory/spools/new',
  '/inventory/outlook',
  '/printers',
  '/printers/new',
  '/statistics',
  '/vibration',
  '/vibration/upload',
  '/vibration/imports',
  '/vibration/diagnosis',
  '/vibration/machines',
  '/admin/users',
  '/admin/audit',
  '/admin/tokens',
  '/account',
  '/account/password',
  '/account/sessions',
  '/account/two-factor',
] as const

const SIZES = [
  { name: 'portrait', width: 820, height: 1180 },
  { name: 'landscape', width: 1180, height: 820 },
] as const

const PARTICLE_TEMPLATE = /[가-힣A-Za-z0-9)\]}]\((?:을|를|이|가|은|는|과|와|으)\)|\((?:으)\)로/

/** Interactive elements smaller than 44×44 px (visible ones only); inline text links inside a sentence are exempt. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const els = document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]')
    for (const el of els) {
      // A checkbox or radio is tapped through its label: the label is the target.
      const label = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? el.closest('label') : null
      const r = (label ?? el).getBoundingClientRect()
      if (r.width === 0 || r.height === 0) continue
      const style = getComputedStyle(el)
      if (style.visibility === 'hidden') continue
      // A link inside running text (WCAG 2.5.8's inline exception) is sized by the text around it.
      if (el.tagName === 'A' && style.display === 'inline' && el.closest('p, li, td, dd') && !el.closest('nav')) continue
      // The skip link is off-screen until focused.
      if (r.bottom < 0 || r.right < 0) continue
      if (r.width < 44 - 0.5 || r.height < 44 - 0.5) {
        const label = (el.getAttribute('aria-label') ?? el.textContent ?? el.getAttribute('name') ?? '').trim().slice(0, 30)
        out.push(`${el.tagName.toLowerCase()}[${label}] ${Math.round(r.width)}×${Math.round(r.height)}`)
      }
    }
    return out
  })
}

const PASSWORD = 'amber-lantern-meadow-37'

/** Signs in as the administrator, or as a user of `role` made through the admin page first (once per run). */
async function signInAs(page: Page, context: BrowserContext, role: Role) {
  await login(page)
  if (role === 'admin') return
  const username = `tab-${role}`
  await page.goto('/admin/users')
  await page.getByLabel('아이디').fill(username)
  await page.getByLabel('표시 이름').fill(`Tablet ${role}`)
  await page.getByLabel('역할').selectOption(role)
  await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD)
  await page.getByLabel('비밀번호 확인').fill(PASSWORD)
  await page.getByRole('button', { name: '만들기' }).click()
  await expect(page.getByTestId('toast').or(page.getByLabel('아이디').and(page.locator('[aria-invalid="true"]')))).toBeVisible()
  await context.clearCookies()
  await login(page, username, PASSWORD)
}

for (const role of roles) {
  test(`as ${role}: every page of the menu, ko and en, 820×1180 and 1180×820 — no sideways scroll, no console error, no particle template, tap targets ≥ 44 px`, async ({ page, context, baseURL }, info) => {
    test.skip(info.project.name !== 'js-on', 'checked once, with JavaScript (hydration warnings need it)')
    test.setTimeout(600_000)
    const errors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || (m.type() === 'warning' && /hydrat/i.test(m.text()))) errors.push(`${page.url()}: ${m.text()}`)
    })
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`))
    await signInAs(page, context, role)
    const pages = role === 'admin' ? PAGES : [...navItems.filter((item) => can(role, item.permission)).map((item) => item.to), '/account']
    const problems: string[] = []
    for (const lang of ['ko', 'en'] as const) {
      await context.addCookies([{ name: 'mes_lang', value: langCookie(lang), url: baseURL! }])
      for (const size of SIZES) {
        await page.setViewportSize({ width: size.width, height: size.height })
        for (const path of pages) {
          const where = `${lang} ${size.width} ${path}`
          const res = await page.goto(path)
          expect(res?.status(), where).toBeLessThan(400)
          await page.waitForLoadState('load')
          const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
          if (scroll > client) problems.push(`${where}: page is ${scroll}px wide in a ${client}px viewport`)
          const text = await page.locator('body').innerText()
          // No broken character anywhere a person reads: text, placeholders, titles and the card labels (data-label).
          const shown = await page.evaluate(() =>
            [document.body.innerText, ...[...document.querySelectorAll('[placeholder],[title],[data-label],[aria-label]')].flatMap((e) => ['placeholder', 'title', 'data-label', 'aria-label'].map((a) => e.getAttribute(a) ?? ''))].join('\n'),
          )
          if (shown.includes('\uFFFD')) problems.push(`${where}: replacement character "${shown.slice(Math.max(0, shown.indexOf('\uFFFD') - 12), shown.indexOf('\uFFFD') + 8)}"`)
          const template = PARTICLE_TEMPLATE.exec(text)
          if (template) problems.push(`${where}: particle template "${text.slice(Math.max(0, template.index - 12), template.index + 8)}"`)
          for (const small of await smallTargets(page)) problems.push(`${where}: tap target ${small}`)
          if (lang === 'ko' && role === 'admin') {
            await page.screenshot({ path: join(info.project.outputDir, 'tablet', `${size.name}${path === '/' ? '_home' : path.replace(/\//g, '_')}.png`), fullPage: true })
          }
        }
      }
    }
    expect.soft(errors, 'console errors and hydration warnings').toEqual([])
    expect(problems).toEqual([])
  })
}

test.describe('accessibility (axe-core), Korean, landscape', () => {
  test.use({ viewport: { width: 1180, height: 820 } })
  test('no serious or critical violation on any page', async ({ page }, info) => {
    test.skip(info.project.name !== 'js-on', 'checked once')
    test.setTimeout(300_000)
    await login(page)
    const found: string[] = []
    for (const path of PAGES) {
      await page.goto(path)
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
      for (const v of result.violations) {
        if (v.impact === 'serious' || v.impact === 'critical') found.push(`${path}: ${v.id} (${v.impact}) × ${v.nodes.length}: ${v.nodes[0]?.target.join(' ')}`)
      }
    }
    expect(found).toEqual([])
  })
})
