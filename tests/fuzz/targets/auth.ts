/**
 * Fuzz targets of the foundation's forms: setup, login, logout, language, user administration and API tokens (POST rows
 * of tests/support/authz-matrix.ts and the admin.tokens rows of tests/support/authz/vibration.ts).
 */
import { randomBytes } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import fc from 'fast-check'
import { expect } from 'vitest'
import { db } from '~db/client.server'
import { apiTokens, users } from '~db/schema'
import { hashToken } from '~/utils/api-auth.server'
import { hashPassword } from '~/utils/password.server'
import * as userList from '~/routes/admin.users._index'
import * as userPage from '~/routes/admin.users.$userId'
import * as tokensPage from '~/routes/admin.tokens'
import * as language from '~/routes/language'
import * as login from '~/routes/login'
import * as logout from '~/routes/logout'
import * as setup from '~/routes/setup'
import { sessionFor } from '../../support/app'
import { actorSession, forgetActors, type Actor, type Ctx, type Sent, type Target } from '../support/harness'
import { lastAudit, rowOf, trimmed, versionOf } from '../support/records'

const PASSWORD = 'correct horse battery staple'
let passwordHash: Promise<string> | null = null

/** A user straight in the database (one argon2 hash for all of them: fixtures must be cheap). */
async function plainUser(username: string, o: { role?: string; disabled?: boolean } = {}): Promise<string> {
  passwordHash ??= hashPassword(PASSWORD)
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, username))
  if (existing) await db.delete(users).where(eq(users.id, existing.id))
  const [u] = await db
    .insert(users)
    .values({ username, displayName: username, role: (o.role ?? 'operator') as 'operator', passwordHash: await passwordHash, disabledAt: o.disabled ? new Date() : null })
    .returning({ id: users.id })
  return u.id
}

let seq = 0
const userFixture = (disabled = false) => async (): Promise<Ctx> => ({ userId: await plainUser(`fuzz-target-${process.pid % 10_000}-${++seq}`, { disabled }) })

async function userRow(id: string) {
  const [u] = await db.select().from(users).where(eq(users.id, id))
  return u
}

/** A redirect target stays on this site, as a browser would read the Location (it drops tabs and line breaks). */
function expectSameOrigin(location: string | null) {
  expect(location).toMatch(/^[\x21-\x7e]+$/)
  expect(new URL(location!.replace(/[\t\n\r]/g, ''), 'http://localhost').origin).toBe('http://localhost')
}

const usernameOf = (sent: Sent) => trimmed(sent.get('username')).toLowerCase()

const onUser = (intent: string, fixture: () => Promise<Ctx>, extra: Partial<Target> = {}): Target => ({
  row: rowOf('admin.users.$userId', intent),
  mod: userPage,
  // The matrix acts on the admin's own account (`:self`); the fuzz edits another user, so that a disable or a demotion
  // that is accepted does not lock the fuzzing admin out (the self-protection rules are tested in admin-users.test.ts).
  params: { userId: ':userId' },
  fixture,
  context: async (f) => ({ ...f, version: await versionOf('users', f.userId) }),
  ...extra,
})

async function tokenFixture(): Promise<Ctx> {
  const token = `mes_${randomBytes(32).toString('base64url')}`
  const [row] = await db.insert(apiTokens).values({ name: 'fuzz', scope: 'read', tokenHash: hashToken(token), prefix: token.slice(0, 12) }).returning({ id: apiTokens.id })
  return { id: row.id }
}

export const authTargets: Target[] = [
  {
    // A fresh install: no user at all, so the form runs for real (an accepted input creates the first admin, then the
    // next input gets a fresh install again). After this target the fuzz actors are made anew.
    row: rowOf('setup'),
    mod: setup,
    actors: ['anonymous'],
    fixture: async () => {
      await db.execute(sql`delete from users`)
      await db.execute(sql`delete from app_settings where key = 'setup_completed'`)
      forgetActors()
      return {}
    },
    renew: true,
    // The one-time setup code (tests/support/db-setup.ts sets SETUP_CODE), so that inputs get past it and the form runs.
    plausible: { setupCode: fc.constant(process.env.SETUP_CODE!) },
    // Setup is closed once an administrator exists: the answer is a redirect to /login, and nothing changes.
    rejected: (a) => a.status >= 400 || a.location === '/login',
    readBack: async (sent) => {
      const a = await lastAudit('setup.first_admin')
      const u = await userRow(a.entityId!)
      expect(u.username).toBe(usernameOf(sent))
      expect(u.displayName).toBe(trimmed(sent.get('displayName')))
      expect(u.role).toBe('admin')
    },
  },
  {
    row: rowOf('login'),
    mod: login,
    actors: ['anonymous'],
    fixture: async () => {
      await plainUser('fuzz-login')
      await plainUser('fuzz-disabled', { disabled: true })
      return {}
    },
    plausible: { username: fc.constantFrom('fuzz-login', ' FUZZ-Login ', 'fuzz-disabled', 'nobody-here'), password: fc.constantFrom(PASSWORD, PASSWORD, 'wrong password 123') },
    // A failed login is recorded (per username + IP, for the rate limit) and audited (login.failed): by design.
    mayChangeOnReject: ['login_attempts', 'audit_log'],
    examples: [
      // Found by the fuzz: a NUL in the username reached the failure count query (500); now a failed login.
      [['username', 'nob\u0000ody-here'], ['password', 'wrong password 123']],
      [['username', 'fuzz-login'], ['password', PASSWORD], ['redirectTo', '/\t/evil.example']],
      // Found by the fuzz: a body that is no form made the strategy's formData() throw (500); now a 400.
      [['@type', ''], ['@raw', '{"intent":"save","role":"admin"}']],
      [['@type', 'multipart/form-data; boundary=xyz'], ['@raw', '--xyz--']],
    ],
    readBack: async (_sent, answer) => {
      const a = await lastAudit()
      expect(a.action).toBe('login')
      expect(a.username).toBe('fuzz-login')
      expectSameOrigin(answer.location)
    },
  },
  {
    row: rowOf('logout', undefined),
    mod: logout,
    // Logging out ends the session it is given: every input brings a fresh one.
    prepare: async ({ actor }: { actor: Actor }) => (actor === 'anonymous' ? undefined : { cookie: await sessionFor((await actorSession(actor)).id), wrote: ['sessions'] }),
  },
  {
    row: rowOf('language'),
    mod: language,
    examples: [
      // Found by the fuzz: a redirect target with characters a header cannot carry threw in redirect() (500).
      [['lang', 'ko'], ['redirectTo', '/🖨️🧵']],
      // A tab is dropped by browsers: "/\t/evil.example" would have sent them to another site.
      [['lang', 'en'], ['redirectTo', '/\t/evil.example']],
      [['lang', 'en'], ['redirectTo', '/\n/evil.example']],
    ],
    readBack: async (_sent, answer) => expectSameOrigin(answer.location),
  },
  {
    row: rowOf('admin.users._index'),
    mod: userList,
    readBack: async (sent) => {
      const u = await userRow((await lastAudit('user.create')).entityId!)
      expect(u.username).toBe(usernameOf(sent))
      expect(u.displayName).toBe(trimmed(sent.get('displayName')))
      expect(u.role).toBe(sent.get('role'))
      // Mass assignment: a new account is enabled, at version 1, whatever extra fields said.
      expect(u.disabledAt).toBeNull()
      expect(u.version).toBe(1)
    },
  },
  onUser('save', userFixture(), {
    readBack: async (sent) => {
      const u = await userRow(sent.ctx.userId)
      expect(u.displayName).toBe(trimmed(sent.get('displayName')))
      expect(u.role).toBe(sent.get('role'))
    },
  }),
  onUser('disable', userFixture(), { renew: true, readBack: async (sent) => expect((await userRow(sent.ctx.userId)).disabledAt).not.toBeNull() }),
  onUser('enable', userFixture(true), { renew: true, readBack: async (sent) => expect((await userRow(sent.ctx.userId)).disabledAt).toBeNull() }),
  onUser('reset-password', userFixture()),
  {
    row: rowOf('admin.tokens', 'create'),
    mod: tokensPage,
    plausible: { days: fc.constantFrom('30', '90', '180', '365') },
    readBack: async (sent) => {
      const [t] = await db.select().from(apiTokens).where(eq(apiTokens.id, (await lastAudit('token.create')).entityId!))
      // The route reads the form with Object.fromEntries: a repeated field's last value counts.
      expect(t.name).toBe(trimmed(sent.last('name')))
      expect(t.scope).toBe(sent.last('scope'))
      expect(t.createdBy).toBe(sent.userId)
      expect(t.revokedAt).toBeNull()
    },
  },
  {
    row: rowOf('admin.tokens', 'revoke'),
    mod: tokensPage,
    fixture: tokenFixture,
    context: async (f) => f,
    renew: true,
    readBack: async (sent) => {
      const [t] = await db.select().from(apiTokens).where(eq(apiTokens.id, sent.ctx.id))
      expect(t.revokedAt).not.toBeNull()
    },
  },
]
