/** One JSON line per event of the live-printer code: warnings to stderr, the rest to stdout (silent in tests). */
export function log(level: 'info' | 'warn', msg: string, extra: Record<string, unknown> = {}) {
  const line = JSON.stringify({ level, msg, ...extra })
  if (level === 'warn') console.error(line)
  else if (process.env.NODE_ENV !== 'test') console.log(line)
}
