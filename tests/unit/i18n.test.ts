import { describe, expect, test } from 'vitest'
import { localeFromAcceptLanguage, translator } from '~/i18n'
import { en } from '~/i18n/en'
import { ko } from '~/i18n/ko'

describe('language negotiation', () => {
  test('picks the best of Korean and English by quality', () => {
    expect(localeFromAcceptLanguage('en-US,en;q=0.9,ko;q=0.8')).toBe('en')
    expect(localeFromAcceptLanguage('ko-KR,ko;q=0.9,en;q=0.8')).toBe('ko')
    expect(localeFromAcceptLanguage('fr-FR,fr;q=0.9,en;q=0.5')).toBe('en')
    expect(localeFromAcceptLanguage('en;q=0.2, ko;q=0.7')).toBe('ko')
  })
  test('defaults to Korean when nothing matches or the header is missing or malformed', () => {
    expect(localeFromAcceptLanguage(null)).toBe('ko')
    expect(localeFromAcceptLanguage('de-DE')).toBe('ko')
    expect(localeFromAcceptLanguage(';;;q=abc,')).toBe('ko')
  })
})

describe('catalogs', () => {
  test('Korean translates every English key with the same placeholders', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
      expect(ko[key], key).toBeTruthy()
      expect(placeholders(ko[key]), key).toEqual(placeholders(en[key]))
    }
  })
  test('interpolates parameters and leaves unknown ones visible', () => {
    expect(translator('en')('login.welcome', { name: 'Kim' })).toBe('Welcome, Kim.')
    expect(translator('ko')('login.welcome', { name: '김' })).toBe('김 님, 환영합니다.')
    expect(translator('en')('login.welcome')).toBe('Welcome, {name}.')
  })
})
