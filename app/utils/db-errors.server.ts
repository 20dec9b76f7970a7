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
