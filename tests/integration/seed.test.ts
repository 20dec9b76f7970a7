import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'

const seed = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', ...args], {
    env: { ...process.env, DATABASE_URL: '', TEST_DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })

// Each case starts the seed script (and with it a fresh embedded database and its migrations) once or twice: about 10 s
// on a quiet machine, 40 s beside a busy test run — the case gets the time its spawns may take.
const CASE_TIMEOUT = 250_000

describe('demo seed (npm run db:seed -- --demo)', () => {
  test('does nothing without --demo and refuses production without --force', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-seed-'))
    try {
      expect(seed([], { DATA_DIR: dir }).status).toBe(2)
      const prod = seed(['--demo'], { DATA_DIR: dir, NODE_ENV: 'production' })
      expect(prod.status).toBe(2)
      expect(prod.stderr).toContain('Refusing to seed demo data')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, CASE_TIMEOUT)

  test('fills an empty embedded database with demo accounts and printers, once', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mes-seed-'))
    try {
      const first = seed(['--demo'], { DATA_DIR: dir, NODE_ENV: 'development' })
      expect(first.status, first.stderr).toBe(0)
      expect(first.stdout).toContain('Printers: 5 added.')
      expect(first.stdout).toContain('Filaments: 6, spools: 11 added.')
      expect(first.stdout).toContain('Products: 5, orders: 5 added.')
      expect(first.stdout).toMatch(/demo-admin\s+admin\s+\S{12}/)
      const again = seed(['--demo'], { DATA_DIR: dir, NODE_ENV: 'development' })
      expect(again.status).toBe(2)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, CASE_TIMEOUT)
})
