/// <reference types="vite/client" />
import { describe, expect, test } from 'vitest'

/**
 * No placeholder text in the product: every UI string of every catalog (app/i18n/*.ts, English and Korean, merged or
 * not) is checked against wording that stands in for a missing feature — "coming soon", "준비 중", "(… 모듈 이후 표시)",
 * "TODO", "lorem", a note about some module … A real empty state says what is true now and what to do.
 */
const PLACEHOLDER: Array<[RegExp, string]> = [
  [/coming soon|available soon|not (?:yet )?(?:implemented|available)|under construction/i, 'a "coming soon" note'],
  [/\b(?:TODO|TBD|FIXME|XXX)\b/, 'a developer marker'],
  [/lorem|ipsum|dummy text|sample text/i, 'filler text'],
  [/placeholder/i, 'the word placeholder'],
  [/comes? later|\blater version|in a later|\(later\)/i, 'a "later" note'],
  [/\bmodule\b/i, 'a note about a module of the code'],
  [/준비\s?중|추후|미구현|구현 예정|이후 표시|나중에 표시|모듈/, 'a Korean "coming later" note'],
]

/** Every exported catalog: an object whose values are all strings (en, ko and each module's *En / *Ko). */
const modules = import.meta.glob<Record<string, unknown>>('/app/i18n/*.ts', { eager: true })
const catalogs = Object.entries(modules).flatMap(([file, mod]) =>
  Object.entries(mod)
    .filter(([, value]) => value !== null && typeof value === 'object' && !Array.isArray(value))
    .filter(([, value]) => {
      const values = Object.values(value as object)
      return values.length > 0 && values.every((v) => typeof v === 'string')
    })
    .map(([name, value]) => ({ name: `${file.replace('/app/i18n/', '')} ${name}`, entries: Object.entries(value as Record<string, string>) })),
)

/** The rule itself, so its test can prove it catches what it should. */
function placeholderReason(text: string): string | null {
  for (const [pattern, reason] of PLACEHOLDER) if (pattern.test(text)) return reason
  return null
}

describe('no placeholder text', () => {
  test('the rule catches placeholder wording in both languages and lets real messages through', () => {
    for (const bad of ['None recorded (scheduling comes later)', '기록 없음 (생산 일정 모듈 이후 표시)', 'Coming soon', '준비 중입니다', 'TODO: label', 'Lorem ipsum', 'TBD'])
      expect(placeholderReason(bad), bad).not.toBeNull()
    for (const good of ['Nothing is printing.', '출력 중인 작업이 없습니다.', 'Try again later.', '나중에 다시 시도하세요.', 'Enter a date (YYYY-MM-DD).'])
      expect(placeholderReason(good), good).toBeNull()
  })

  test('finds the catalogs (en and ko, every module)', () => {
    const names = catalogs.map((c) => c.name)
    expect(names.some((n) => n.startsWith('en.ts'))).toBe(true)
    expect(names.some((n) => n.startsWith('ko.ts'))).toBe(true)
    expect(names.some((n) => n.startsWith('printers.ts') && n.endsWith('Ko'))).toBe(true)
    expect(catalogs.reduce((n, c) => n + c.entries.length, 0)).toBeGreaterThan(1000)
  })

  test('no UI string in any catalog reads like a placeholder', () => {
    const found = catalogs.flatMap((c) =>
      c.entries.flatMap(([key, value]) => {
        const reason = placeholderReason(value)
        return reason ? [`${c.name} ${key}: "${value}" (${reason})`] : []
      }),
    )
    expect([...new Set(found)]).toEqual([])
  })
})
