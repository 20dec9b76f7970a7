/** A usage-log row of one job, as `netDrawnBySpool` reads it: negative `deltaMg` draws from the spool, positive gives back. */
export interface JobUsage {
  spoolId: string
  deltaMg: number
}

/**
 * What a job still holds from each spool it drew from (its draws minus what was given back), from its usage rows newest
 * first. The spools come latest-drawn first (the order a correction gives filament back in); a spool whose draws were
 * all given back has 0.
 */
export function netDrawnBySpool(usageNewestFirst: ReadonlyArray<JobUsage>): Array<{ spoolId: string; netMg: number }> {
  const net = new Map<string, number>()
  for (const r of usageNewestFirst) net.set(r.spoolId, (net.get(r.spoolId) ?? 0) - r.deltaMg)
  return [...net].map(([spoolId, netMg]) => ({ spoolId, netMg }))
}
