/**
 * The one-time setup code that guards /setup on a fresh install: whoever reaches the server first must not become its
 * administrator. The code comes from SETUP_CODE (containers, tests) or is generated once and kept in app_settings, so
 * every instance on one database prints the same code; the server prints it at start while no user exists, and the
 * first admin's transaction deletes it.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { db } from '~db/client.server'
import { appSettings } from '~db/schema'
import { env } from '~/utils/env.server'
import { anyUserExists } from '~/utils/session.server'
import { SETUP_CODE_KEY } from './users.server'

/** Crockford-like base32 without 0/O and 1/I/L, so a code read off a console is typed back without doubt. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
const GROUPS = 3
const GROUP_LENGTH = 5

/** 15 symbols of a 31-letter alphabet: about 74 bits, beyond any online guessing (and attempts are rate-limited). */
function generateCode(): string {
  const groups = Array.from({ length: GROUPS }, () => Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''))
  return groups.join('-')
}

/** Case, spaces and dashes do not matter when the code is typed. */
const normalizeSetupCode = (code: string) => code.toUpperCase().replace(/[\s-]+/g, '')

/** The code in force: SETUP_CODE, else the stored one (created at start by announceSetupCode; null before that). */
async function currentSetupCode(): Promise<string | null> {
  const fromEnv = env().SETUP_CODE
  if (fromEnv) return fromEnv
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, SETUP_CODE_KEY))
  const code = (row?.value as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? code : null
}

const digest = (s: string) => createHash('sha256').update(normalizeSetupCode(s)).digest()

/** Compares in constant time (over the digests, so the lengths do not leak either). Reads only: a guess stores nothing. */
export async function setupCodeMatches(input: string): Promise<boolean> {
  const code = await currentSetupCode()
  return code !== null && normalizeSetupCode(input).length > 0 && timingSafeEqual(digest(input), digest(code))
}

/**
 * At start, while no user exists: makes the code (once per database, so every instance prints the same one) and tells
 * the operator how to open /setup. Returns what it printed (nothing once set up).
 */
export async function announceSetupCode(log: (line: string) => void = console.log): Promise<string | null> {
  if (await anyUserExists()) return null
  let line: string
  if (env().SETUP_CODE) {
    line = 'No administrator yet: open /setup in a browser and enter the setup code given in SETUP_CODE.'
  } else {
    await db
      .insert(appSettings)
      .values({ key: SETUP_CODE_KEY, value: { code: generateCode() } })
      .onConflictDoNothing()
    line = `No administrator yet: open /setup in a browser and enter this one-time setup code: ${await currentSetupCode()}`
  }
  log(line)
  return line
}
