/**
 * Optional TOTP second factor per user (RFC 6238 through the otpauth library), with ten one-time recovery codes.
 * Enrolment is two steps so it works without JavaScript: `startEnrolment` stores a fresh secret (not yet active) and
 * the page shows it as a QR code; `confirmEnrolment` activates it once the user types a code from their app, and hands
 * back the recovery codes (shown once; only their SHA-256 is stored).
 */
import { createHash, randomInt } from 'node:crypto'
import { and, count, eq, isNotNull, isNull, or, lt, sql } from 'drizzle-orm'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import { db, type DbOrTx } from '~db/client.server'
import { recoveryCodes, userTwoFactor } from '~db/schema'
import { audit, type Actor } from '~/utils/audit.server'

const ISSUER = 'MES Lite'
const RECOVERY_CODE_COUNT = 10
const RECOVERY_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz'

function totpOf(secret: string, label = '') {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) })
}

/** A TOTP code as typed: 6 digits, spaces allowed ("123 456"). */
const isTotpCode = (code: string) => /^\d{6}$/.test(code.replace(/\s+/g, ''))

/** Recovery codes are typed in any case, with or without the dash. */
const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]+/g, '')
const hashRecoveryCode = (code: string) => createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex')

function newRecoveryCode(): string {
  const pick = () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]
  const part = () => Array.from({ length: 5 }, pick).join('')
  return `${part()}-${part()}`
}

export interface TwoFactorStatus {
  enabled: boolean
  enabledAt: Date | null
  /** An enrolment in progress: the secret to show (QR code and text) until it is confirmed. */
  pending: { secret: string; uri: string; qrSvg: string } | null
  recoveryCodesLeft: number
}

export async function twoFactorStatus(userId: string, username: string): Promise<TwoFactorStatus> {
  const [row] = await db.select().from(userTwoFactor).where(eq(userTwoFactor.userId, userId))
  const [{ n }] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
  let pending: TwoFactorStatus['pending'] = null
  if (row && !row.enabledAt) {
    const uri = totpOf(row.secret, username).toString()
    pending = { secret: row.secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) }
  }
  return { enabled: !!row?.enabledAt, enabledAt: row?.enabledAt ?? null, pending, recoveryCodesLeft: row?.enabledAt ? n : 0 }
}

export async function hasTwoFactor(userId: string): Promise<boolean> {
  const rows = await db
    .select({ userId: userTwoFactor.userId })
    .from(userTwoFactor)
    .where(and(eq(userTwoFactor.userId, userId), isNotNull(userTwoFactor.enabledAt)))
  return rows.length > 0
}

/** Begins (or restarts) an enrolment with a new 160-bit secret. Refused while a second factor is active. */
export async function startEnrolment(actor: Actor & { id: string }): Promise<boolean> {
  const secret = new Secret({ size: 20 }).base32
  return db.transaction(async (tx) => {
    const rows = await tx
      .insert(userTwoFactor)
      .values({ userId: actor.id, secret })
      .onConflictDoUpdate({ target: userTwoFactor.userId, set: { secret, createdAt: sql`now()`, lastStep: null }, setWhere: isNull(userTwoFactor.enabledAt) })
      .returning({ userId: userTwoFactor.userId })
    if (!rows.length) return false
    await audit(tx, actor, { action: 'account.2fa_start', entityType: 'user', entityId: actor.id })
    return true
  })
}

/** Drops an enrolment in progress (never an active second factor). */
export async function cancelEnrolment(actor: Actor & { id: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const gone = await tx
      .delete(userTwoFactor)
      .where(and(eq(userTwoFactor.userId, actor.id), isNull(userTwoFactor.enabledAt)))
      .returning({ userId: userTwoFactor.userId })
    if (gone.length) await audit(tx, actor, { action: 'account.2fa_cancel', entityType: 'user', entityId: actor.id })
  })
}

/** The time step a code matches (window ±1 step, for clocks a little off), or null. */
function matchingStep(secret: string, code: string): number | null {
  const totp = totpOf(secret)
  const token = code.replace(/\s+/g, '')
  const delta = totp.validate({ token, window: 1 })
  return delta === null ? null : totp.counter() + delta
}

async function replaceRecoveryCodes(tx: DbOrTx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })))
  return codes
}

/** Activates the pending secret when `code` matches it; returns the new recovery codes, or null for a wrong code. */
export async function confirmEnrolment(actor: Actor & { id: string }, code: string): Promise<string[] | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(userTwoFactor).where(eq(userTwoFactor.userId, actor.id)).for('update')
    if (!row || row.enabledAt) return null
    const step = matchingStep(row.secret, code)
    if (step === null) return null
    await tx.update(userTwoFactor).set({ enabledAt: sql`now()`, lastStep: step }).where(eq(userTwoFactor.userId, actor.id))
    const codes = await replaceRecoveryCodes(tx, actor.id)
    await audit(tx, actor, { action: 'account.2fa_enable', entityType: 'user', entityId: actor.id })
    return codes
  })
}

/** New recovery codes (the old ones stop working). Only with an active second factor. */
export async function regenerateRecoveryCodes(actor: Actor & { id: string }): Promise<string[] | null> {
  if (!(await hasTwoFactor(actor.id))) return null
  return db.transaction(async (tx) => {
    const codes = await replaceRecoveryCodes(tx, actor.id)
    await audit(tx, actor, { action: 'account.recovery_codes', entityType: 'user', entityId: actor.id })
    return codes
  })
}

/**
 * Removes the user's second factor and recovery codes: the user themselves (`account.2fa_disable`) or an administrator
 * for a user who lost their phone (`user.reset_2fa`). Returns false when there was none.
 */
export async function removeTwoFactor(actor: Actor, userId: string, action: 'account.2fa_disable' | 'user.reset_2fa'): Promise<boolean> {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(userTwoFactor)
      .where(and(eq(userTwoFactor.userId, userId), isNotNull(userTwoFactor.enabledAt)))
      .returning({ userId: userTwoFactor.userId })
    if (!gone.length) return false
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
    await audit(tx, actor, { action, entityType: 'user', entityId: userId, before: { twoFactor: true }, after: { twoFactor: false } })
    return true
  })
}

/**
 * Checks a second-factor code at login: a TOTP code of a step later than the last one accepted (a code is never good
 * twice), or an unused recovery code (then spent). Both are single conditional UPDATEs, so two requests racing with the
 * same code cannot both pass.
 */
export async function verifySecondFactor(userId: string, code: string): Promise<'totp' | 'recovery' | null> {
  if (isTotpCode(code)) {
    const [row] = await db.select().from(userTwoFactor).where(and(eq(userTwoFactor.userId, userId), isNotNull(userTwoFactor.enabledAt)))
    if (!row) return null
    const step = matchingStep(row.secret, code)
    if (step === null) return null
    const taken = await db
      .update(userTwoFactor)
      .set({ lastStep: step })
      .where(and(eq(userTwoFactor.userId, userId), or(isNull(userTwoFactor.lastStep), lt(userTwoFactor.lastStep, step))))
      .returning({ userId: userTwoFactor.userId })
    return taken.length ? 'totp' : null
  }
  if (normalizeRecoveryCode(code).length !== 10) return null
  const spent = await db
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id })
  return spent.length ? 'recovery' : null
}
