import type { MessageKey } from '~/i18n'

/** The SQLSTATE (or Node `code`) of an error from postgres-js or PGlite, looked up through drizzle's `.cause` wrapping. */
function codes(e: unknown): string[] {
  const out: string[] = []
  let cur = e as { code?: unknown; cause?: unknown } | null | undefined
  for (let depth = 0; depth < 5 && cur && typeof cur === 'object'; depth++) {
    if (typeof cur.code === 'string') out.push(cur.code)
    cur = cur.cause as typeof cur
  }
  return out
}

/** PostgreSQL's unique_violation (23505), as raised by postgres-js or PGlite, directly or wrapped by drizzle. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } } | null
  return err?.code === '23505' || err?.cause?.code === '23505'
}

/** PostgreSQL's exclusion_violation (23P01): e.g. two live print jobs overlapping on one printer. */
export function isExclusionViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } } | null
  return err?.code === '23P01' || err?.cause?.code === '23P01'
}

/**
 * 40P01 deadlock_detected or 40001 serialization_failure: the transaction lost a race with another one and was rolled
 * back whole. Two transactions inserting rows that clash on an exclusion constraint can end this way instead of with
 * 23P01 (each waits for the other), so it is part of the normal outcome of such races.
 */
export function isLostRace(e: unknown): boolean {
  return codes(e).some((c) => c === '40P01' || c === '40001')
}

/**
 * Runs `transaction` again, up to `attempts` times in all, when it lost a race (`isLostRace`): the next attempt sees what
 * the winner committed and decides on that (e.g. "overlaps job X" instead of an error). Other errors pass through.
 */
export async function retryLostRace<T>(transaction: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await transaction()
    } catch (e) {
      if (i >= attempts || !isLostRace(e)) throw e
    }
  }
}

// ---- storage faults ------------------------------------------------------------------------------------------------

/**
 * Why the database (or a file target) could not store anything, as far as the error says:
 * - `full`: no space left — SQLSTATE 53100 disk_full (PostgreSQL maps ENOSPC to it), Node's ENOSPC / EDQUOT.
 * - `read_only`: writes are refused — 25006 read_only_sql_transaction (`default_transaction_read_only`, a hot standby
 *   after a fail-over), 42501 insufficient_privilege (revoked grants; PostgreSQL also maps EACCES/EROFS on its own files
 *   to it), Node's EROFS / EACCES / EPERM.
 * - `exhausted`: the server is short of other resources for now — the rest of class 53 (53000 insufficient_resources,
 *   e.g. too many open files; 53200 out_of_memory; 53300 too_many_connections; 53400 configuration_limit_exceeded, e.g.
 *   temp_file_limit).
 * Any other error: null.
 */
export type StorageFault = 'full' | 'read_only' | 'exhausted'

const FULL = new Set(['53100', 'ENOSPC', 'EDQUOT'])
const READ_ONLY = new Set(['25006', '42501', 'EROFS', 'EACCES', 'EPERM'])
const EXHAUSTED = new Set(['53000', '53200', '53300', '53400'])

export function storageFault(e: unknown): StorageFault | null {
  for (const code of codes(e)) {
    if (FULL.has(code)) return 'full'
    if (READ_ONLY.has(code)) return 'read_only'
    if (EXHAUSTED.has(code)) return 'exhausted'
  }
  return null
}

/** 507 Insufficient Storage when full (it stays so until someone frees space); 503 (try later) otherwise. */
export const storageFaultStatus: Record<StorageFault, number> = { full: 507, read_only: 503, exhausted: 503 }

/** Form-level message of a save that hit a storage fault (nothing of it was kept). */
export const storageFaultMessage: Record<StorageFault, MessageKey> = {
  full: 'error.storage.full',
  read_only: 'error.storage.readOnly',
  exhausted: 'error.storage.exhausted',
}

/** The same for an upload (the vibration import's history row keeps it as its reason). */
export const storageFaultUploadMessage: Record<StorageFault, MessageKey> = {
  full: 'vibration.error.storageFull',
  read_only: 'vibration.error.storageReadOnly',
  exhausted: 'vibration.error.storageExhausted',
}

/** One JSON log line for the operator: a storage fault is an incident even though the user got a clean answer. */
export function logStorageFault(e: unknown, where: string): void {
  const err = e as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | null
  const message = String(err?.cause?.message ?? err?.message ?? e).slice(0, 500)
  console.error(JSON.stringify({ level: 'error', msg: 'storage fault', fault: storageFault(e), code: codes(e).at(-1) ?? null, where, error: message }))
}

/**
 * Runs a save; a storage fault comes back as `{ ok: false, fault }` (logged, its transaction already rolled back), any
 * other error is rethrown unchanged (a lost connection then reaches handleError, which logs it; the pool replaces the dead connection itself, ADR 010).
 */
export async function guardStorage<T>(where: string, save: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; fault: StorageFault }> {
  try {
    return { ok: true, value: await save() }
  } catch (e) {
    const fault = storageFault(e)
    if (!fault) throw e
    logStorageFault(e, where)
    return { ok: false, fault }
  }
}
