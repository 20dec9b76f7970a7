/** The planned or printing jobs that run into a maintenance window of their printer (the Gantt's warning, too). */
export function liveJobsInMaintenance<J extends { status: string; printerId: string; startsAt: Date; endsAt: Date }>(
  jobs: readonly J[],
  windows: ReadonlyMap<string, ReadonlyArray<{ start: Date; end: Date }>>,
): J[] {
  return jobs.filter((j) => (j.status === 'planned' || j.status === 'printing') && (windows.get(j.printerId) ?? []).some((w) => w.start < j.endsAt && w.end > j.startsAt))
}
