import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { auditActions, auditEntityTypes } from '~/domain/audit'
import { en } from '~/i18n/en'
import { ko } from '~/i18n/ko'

const files = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [path.join(dir, d.name)] : []))

const PREFIXES = ['setup', 'login', 'logout', 'account', 'user', 'token', 'filament', 'spool', 'product', 'order', 'printer', 'job', 'schedule', 'vibration']
const literal = new RegExp(`'((?:${PREFIXES.join('|')})(?:\\.[a-z0-9_]+)*)'`, 'g')

/**
 * The action strings the code writes: literals on a line that names an action (`action: '…'`, `action = '…'`, a ternary
 * choosing one) or passes one to the models that take it as an argument, and the vibration import's own SQL insert.
 * i18n keys on those lines are not actions.
 */
function writtenActions(): Set<string> {
  const found = new Set<string>()
  for (const file of ['app/models', 'app/utils', 'app/routes'].flatMap((d) => files(path.resolve(d)))) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!/\baction\b|changeUser\(|changePrinter\(|removeTwoFactor\(|insert into audit_log/.test(line)) continue
      for (const m of line.matchAll(literal)) if (!(m[1] in en) && !PREFIXES.includes(m[1])) found.add(m[1])
      if (/insert into audit_log/.test(line)) for (const m of line.matchAll(/'([a-z_]+\.[a-z_.]+)'/g)) found.add(m[1])
    }
  }
  return found
}

test('every action the app writes to the audit log is in the list the audit page labels', () => {
  const written = writtenActions()
  expect(written.size).toBeGreaterThan(40)
  expect([...written].filter((a) => !(auditActions as readonly string[]).includes(a)).sort()).toEqual([])
})

test('the stock changes written as spool.<kind> are all listed', () => {
  for (const kind of ['weigh', 'deduct', 'correct', 'consume', 'return']) expect(auditActions).toContain(`spool.${kind}`)
})

test('every listed action and kind of record has a label in English and Korean', () => {
  const catalogs: Array<Record<string, string>> = [en, ko]
  for (const catalog of catalogs) {
    for (const action of auditActions) expect(catalog[`audit.action.${action}`], action).toBeTruthy()
    for (const type of auditEntityTypes) expect(catalog[`audit.entity.${type}`], type).toBeTruthy()
  }
})
