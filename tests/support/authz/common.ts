/**
 * The authorization matrix: every route × {anonymous, viewer, operator, planner, admin} × method/intent, with the expected
 * outcome. Every new route must add its rows here — the meta-test fails otherwise.
 *
 * Outcomes: `login` (anonymous → redirect to /login), `forbidden` (403), `ok` (authorised: the handler ran; it may still
 * answer 400/404/409 for the empty or fixture input it gets), `closed` (setup after the first admin exists → /login).
 */
export type Who = 'anonymous' | 'viewer' | 'operator' | 'planner' | 'admin'
export type Outcome = 'login' | 'forbidden' | 'ok' | 'closed'
export interface MatrixRow {
  route: string
  method: 'GET' | 'POST'
  intent?: string
  path: string
  /**
   * Route params. A value `:self` is replaced by the acting user's id (a fixture user's for anonymous); a value `:name` by
   * `fixture()`'s `name`. The same `:token`s in `path` are replaced too.
   */
  params?: Record<string, string>
  /** Creates the records the row needs (once per row, before the five calls) and returns their ids by name. */
  fixture?: () => Promise<Record<string, string>>
  /** Form fields sent with a POST besides `intent` (default: none, so an authorised action usually answers 400). */
  form?: Record<string, string>
  expect: Record<Who, Outcome>
}

export const all = (o: Outcome): Record<Who, Outcome> => ({ anonymous: o, viewer: o, operator: o, planner: o, admin: o })
export const signedIn = (o: Record<Exclude<Who, 'anonymous'>, Outcome>): Record<Who, Outcome> => ({ anonymous: 'login', ...o })
export const anyUser = signedIn({ viewer: 'ok', operator: 'ok', planner: 'ok', admin: 'ok' })
export const adminOnly = signedIn({ viewer: 'forbidden', operator: 'forbidden', planner: 'forbidden', admin: 'ok' })

// Planners and admins change; operators and viewers only read.
export const plannerUp = signedIn({ viewer: 'forbidden', operator: 'forbidden', planner: 'ok', admin: 'ok' })
// Operators and up (record output, weigh spools, log maintenance, upload vibration data).
export const operatorUp = signedIn({ viewer: 'forbidden', operator: 'ok', planner: 'ok', admin: 'ok' })
