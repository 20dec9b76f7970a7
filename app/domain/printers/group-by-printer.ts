/** Rows grouped by `printerId`, each group in the rows' order. */
export function groupByPrinter<T extends { printerId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) out.set(r.printerId, [...(out.get(r.printerId) ?? []), r])
  return out
}
