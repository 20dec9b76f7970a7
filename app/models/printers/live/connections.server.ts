/**
 * Printer connection settings (issue 18 item 1): read for the settings page and the API (never the secrets), saved with
 * a version check and an audit row that names which secrets are stored but never their values, and loaded with their
 * secrets opened for the poller. Rules: app/domain/printers/live/connection.ts; sealing: ./secrets.server.ts.
 */
import { and, eq, isNull, ne, sql } from 'drizzle-orm'
import { db } from '~db/client.server'
import { printerConnections, printerLiveState, printers, users } from '~db/schema'
import { decideConnection, secretsSet, SECRET_FIELDS, type ConnectedType, type ConnectionError, type ConnectionInput, type ConnectionSecrets, type SecretName } from '~/domain/printers/live/connection'
import type { ConnectionType } from '~/domain/printers/live/state'
import { audit, type Actor } from '~/utils/audit.server'
import { openSecrets, requireSecretKey, sealSecrets, secretKey, SecretKeyError } from './secrets.server'

export interface ConnectionView {
  type: ConnectionType
  host: string
  port: number | null
  tls: boolean
  /** Which of the type's secrets are stored (true/false), never their values. */
  secretsSet: Partial<Record<SecretName, boolean>>
  /** False when a secret is stored but the configured key cannot open it (the key was changed or is missing). */
  secretsReadable: boolean
  /** The printer certificate pinned on first use (Bambu over TLS), SHA-256 as colon-separated hex; null: none yet. */
  tlsFingerprint: string | null
  /** 0 while the printer has no connection row yet (the form sends it back). */
  version: number
  updatedAt: Date | null
  updatedBy: string | null
}

const NO_CONNECTION: ConnectionView = { type: 'none', host: '', port: null, tls: false, secretsSet: {}, secretsReadable: true, tlsFingerprint: null, version: 0, updatedAt: null, updatedBy: null }

type Row = typeof printerConnections.$inferSelect

/** The stored secrets, or null when there are none or they cannot be opened. */
function tryOpen(row: Row): { secrets: ConnectionSecrets; readable: boolean } {
  if (!row.secret) return { secrets: {}, readable: true }
  const key = secretKey()
  if (!key) return { secrets: {}, readable: false }
  try {
    return { secrets: openSecrets(row.printerId, row.secret, key), readable: true }
  } catch {
    return { secrets: {}, readable: false }
  }
}

function viewOf(row: Row, updatedBy: string | null): ConnectionView {
  const { secrets, readable } = tryOpen(row)
  const set = readable ? secretsSet(row.type, secrets) : Object.fromEntries(SECRET_FIELDS[row.type].map(({ name }) => [name, true]))
  return { type: row.type, host: row.host, port: row.port, tls: row.tls, secretsSet: set, secretsReadable: readable, tlsFingerprint: row.tlsFingerprint, version: row.version, updatedAt: row.updatedAt, updatedBy }
}

export async function getConnection(printerId: string): Promise<ConnectionView> {
  const [found] = await db
    .select({ row: printerConnections, updatedBy: users.displayName })
    .from(printerConnections)
    .leftJoin(users, eq(users.id, printerConnections.updatedBy))
    .where(eq(printerConnections.printerId, printerId))
  return found ? viewOf(found.row, found.updatedBy) : NO_CONNECTION
}

/** The printer's connection type ('none' without a row); no secret is opened. */
export async function connectionTypeOf(printerId: string): Promise<ConnectionType> {
  const [row] = await db.select({ type: printerConnections.type }).from(printerConnections).where(eq(printerConnections.printerId, printerId))
  return row?.type ?? 'none'
}

export type SaveConnectionResult =
  | { ok: true; connection: ConnectionView; changed: boolean }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'conflict'; current: ConnectionView }
  | { ok: false; reason: 'invalid'; errors: ConnectionError[] }
  | { ok: false; reason: 'no_key' }

/** What the audit row shows of a connection: everything but the secrets, plus which secrets are stored. */
function auditShape(type: ConnectionType, host: string, port: number | null, tls: boolean, secrets: ConnectionSecrets) {
  return { connectionType: type, host, port, tls, secretsStored: SECRET_FIELDS[type].filter(({ name }) => !!secrets[name]).map(({ name }) => name) }
}

/**
 * Saves a printer's connection. `expectedVersion`: the version the form was built from (0 = no connection yet), or null
 * (the API's PUT replaces whatever is there). The printer row is locked for the transaction, so two saves of one printer
 * run one after the other. Type none removes the live state (the history stays).
 */
export async function saveConnection(actor: Actor, printerId: string, input: ConnectionInput, expectedVersion: number | null): Promise<SaveConnectionResult> {
  return db.transaction(async (tx) => {
    const [printer] = await tx.select({ id: printers.id }).from(printers).where(eq(printers.id, printerId)).for('update')
    if (!printer) return { ok: false, reason: 'not_found' } as const
    const [row] = await tx.select().from(printerConnections).where(eq(printerConnections.printerId, printerId))
    const version = row?.version ?? 0
    if (expectedVersion !== null && expectedVersion !== version) {
      const [by] = row?.updatedBy ? await tx.select({ name: users.displayName }).from(users).where(eq(users.id, row.updatedBy)) : []
      return { ok: false, reason: 'conflict', current: row ? viewOf(row, by?.name ?? null) : NO_CONNECTION } as const
    }
    const stored = row ? { settings: { type: row.type, host: row.host, port: row.port, tls: row.tls }, secrets: tryOpen(row).secrets } : null
    const decision = decideConnection(input, stored)
    if (decision.errors.length) return { ok: false, reason: 'invalid', errors: decision.errors } as const
    const { settings, secrets } = decision
    const hasSecrets = Object.keys(secrets).length > 0
    let key: Buffer | null = null
    if (settings.type !== 'none') {
      try {
        key = requireSecretKey()
      } catch (e) {
        if (e instanceof SecretKeyError) return { ok: false, reason: 'no_key' } as const
        throw e
      }
    }
    const before = stored ? auditShape(stored.settings.type, stored.settings.host, stored.settings.port, stored.settings.tls, stored.secrets) : null
    const after = auditShape(settings.type, settings.host, settings.port, settings.tls, secrets)
    const secretChanged = JSON.stringify(stored?.secrets ?? {}) !== JSON.stringify(secrets)
    const changed = !stored || JSON.stringify(before) !== JSON.stringify(after) || secretChanged
    if (!changed && row) return { ok: true, connection: viewOf(row, null), changed: false } as const
    const values = {
      type: settings.type,
      host: settings.host,
      port: settings.port,
      tls: settings.tls,
      secret: key && hasSecrets ? sealSecrets(printerId, secrets, key) : null,
      // Another address, port, TLS setting or protocol may be another printer: its certificate is learnt afresh.
      tlsFingerprint:
        row && row.type === settings.type && row.host === settings.host && row.port === settings.port && row.tls === settings.tls ? row.tlsFingerprint : null,
      updatedBy: actor.id,
      updatedAt: sql`now()`,
    }
    const [saved] = row
      ? await tx
          .update(printerConnections)
          .set({ ...values, version: sql`${printerConnections.version} + 1` })
          .where(eq(printerConnections.printerId, printerId))
          .returning()
      : await tx
          .insert(printerConnections)
          .values({ printerId, ...values })
          .returning()
    if (settings.type === 'none') await tx.delete(printerLiveState).where(eq(printerLiveState.printerId, printerId))
    await audit(tx, actor, {
      action: 'printer.connection',
      entityType: 'printer',
      entityId: printerId,
      before,
      // Which secrets are stored and whether one was replaced: never a value.
      after: { ...after, secretChanged },
    })
    return { ok: true, connection: { ...viewOf(saved, null), secretsSet: secretsSet(saved.type, secrets), secretsReadable: true }, changed: true } as const
  })
}

export interface PollerConnection {
  printerId: string
  type: ConnectedType
  host: string
  port: number
  tls: boolean
  version: number
  secrets: ConnectionSecrets
  /** The pinned printer certificate (Bambu over TLS), or null: the first one seen is trusted and pinned. */
  tlsFingerprint: string | null
  /** Set when the secrets cannot be opened: the poller reports it instead of connecting. */
  secretError: string | null
}

/** Every connection the poller should run (type other than none), secrets opened. */
export async function connectionsToRun(): Promise<PollerConnection[]> {
  const rows = await db.select().from(printerConnections).where(ne(printerConnections.type, 'none'))
  const key = secretKey()
  return rows.map((row) => {
    let secrets: ConnectionSecrets = {}
    let secretError: string | null = null
    if (row.secret) {
      try {
        if (!key) throw new SecretKeyError('missing', 'PRINTER_SECRET_KEY is not set')
        secrets = openSecrets(row.printerId, row.secret, key)
      } catch (e) {
        secretError = e instanceof SecretKeyError ? e.message : 'secret unreadable'
      }
    }
    return { printerId: row.printerId, type: row.type as ConnectedType, host: row.host, port: row.port ?? 0, tls: row.tls, version: row.version, secrets, tlsFingerprint: row.tlsFingerprint, secretError }
  })
}

/** How many printers have a connection (type other than none): boot checks the key and starts the poller when > 0. */
export async function connectionCount(): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(printerConnections)
    .where(ne(printerConnections.type, 'none'))
  return Number(row?.n ?? 0)
}

/**
 * The start-up check: with connections stored, PRINTER_SECRET_KEY must be set (their secrets are sealed with it) —
 * otherwise a SecretKeyError whose message says what to do. Returns how many connections there are.
 */
export async function checkPrinterSecretKey(): Promise<number> {
  const n = await connectionCount()
  if (n > 0) requireSecretKey()
  return n
}

/**
 * Trust on first use: the poller pins the first certificate a printer presents (only while none is pinned; the version
 * stays, so the running connector is not restarted — it holds the pin itself).
 */
export async function pinCertificate(printerId: string, fingerprint: string): Promise<void> {
  await db
    .update(printerConnections)
    .set({ tlsFingerprint: fingerprint })
    .where(and(eq(printerConnections.printerId, printerId), isNull(printerConnections.tlsFingerprint)))
}

export type ForgetResult = { ok: true } | { ok: false; reason: 'not_found' | 'conflict' }

/**
 * A planner forgets the pinned certificate (the printer was replaced or reset): the next one it presents is trusted.
 * Bumps the version, so the poller restarts the connector; audited.
 */
export async function forgetCertificate(actor: Actor, printerId: string, expectedVersion: number): Promise<ForgetResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(printerConnections).where(eq(printerConnections.printerId, printerId)).for('update')
    if (!row) return { ok: false, reason: 'not_found' } as const
    if (row.version !== expectedVersion) return { ok: false, reason: 'conflict' } as const
    await tx
      .update(printerConnections)
      .set({ tlsFingerprint: null, version: sql`${printerConnections.version} + 1`, updatedBy: actor.id, updatedAt: sql`now()` })
      .where(eq(printerConnections.printerId, printerId))
    await audit(tx, actor, { action: 'printer.connection.forget_certificate', entityType: 'printer', entityId: printerId, before: { tlsFingerprint: row.tlsFingerprint }, after: { tlsFingerprint: null } })
    return { ok: true } as const
  })
}
