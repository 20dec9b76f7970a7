import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Badge, Card, PageHeader } from '~/components/ui/layout'
import { channelKey, DiagnosisNav, FaultBadge, missingLine, percent, reasonLine, RunsTable, useRefreshWhile, ZoneVelocity, type RunView } from '~/components/vibration/diagnosis'
import { SILENT_AFTER_MS } from '~/components/vibration/streams'
import { VibrationTabs } from '~/components/vibration/ui'
import { latestDiagnoses } from '~/models/vibration/diagnosis-latest.server'
import { listRuns } from '~/models/vibration/diagnosis-runs.server'
import { streamingMachines } from '~/models/vibration/stream/views.server'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatDateTime } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { cachedRead } from '~/utils/read-cache.server'
import { useLiveEvents } from '~/utils/use-live-events'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** Machine overview: a tile per machine with its latest diagnosis, and the diagnosis jobs. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const [machines, runs, streaming] = await Promise.all([
    cachedRead('latest-diagnoses', '', () => latestDiagnoses()),
    cachedRead('diagnosis-runs', '20', () => listRuns({}, 20)),
    streamingMachines(new Date(Date.now() - SILENT_AFTER_MS)),
  ])
  return { machines, runs: runs as RunView[], streaming, timeZone: env().SHOP_TIME_ZONE, canUpload: can(user.role, 'vibration:upload') }
}

export default function DiagnosisOverview() {
  const { machines, runs, streaming, timeZone, canUpload } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const waiting = runs.some((r) => r.status === 'queued' || r.status === 'running')
  useRefreshWhile(waiting)
  // With JavaScript, the tiles follow the live streams (a reload at most every 3 s while windows are judged).
  useLiveEvents(streaming.all.length > 0, { url: '/vibration/live-events', minGapMs: 3000 })
  return (
    <>
      <PageHeader title={t('vibration.diagnosis.title')} />
      <VibrationTabs canUpload={canUpload} />
      <DiagnosisNav />
      <p className="mb-4 text-slate-700">{t('vibration.diagnosis.intro')}</p>
      {machines.length === 0 ? (
        <Card>
          <p>{t('vibration.diagnosis.empty')}</p>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="machine-tiles">
          {machines.map((m) => {
            const d = m.diagnosis
            return (
              <li key={m.machineId} data-testid="machine-tile" className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
                <div className="flex items-start justify-between gap-2">
                  <h2 className="text-lg font-semibold break-all">
                    <Link to={`/vibration/diagnosis/${m.machineId}`} className="text-blue-800 underline">
                      {m.machineName}
                    </Link>
                  </h2>
                  <span className="flex flex-wrap justify-end gap-1">
                    {streaming.live.includes(m.machineId) ? (
                      <span data-testid="live-badge">
                        <Badge tone="blue">{t('vibration.stream.liveBadge')}</Badge>
                      </span>
                    ) : null}
                    {d ? <FaultBadge faultType={d.faultType} /> : null}
                  </span>
                </div>
                {d && d.faultType === null ? (
                  <p className="mt-3 text-slate-800" data-testid="baseline-needed">
                    {t('vibration.diagnosis.baselineNeeded', { reason: missingLine(t, d.reason) })}
                  </p>
                ) : null}
                {d ? (
                  <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
                    {d.confidence !== null ? (
                      <>
                        <dt className="text-slate-600">{t('vibration.diagnosis.confidence')}</dt>
                        <dd className="tabular-nums">{percent(locale, d.confidence)}%</dd>
                      </>
                    ) : null}
                    <dt className="text-slate-600">{t('vibration.diagnosis.zone')}</dt>
                    <dd>
                      <ZoneVelocity zone={d.isoZone} velocityRms={d.velocityRms} />
                    </dd>
                    <dt className="text-slate-600">{t('vibration.diagnosis.when')}</dt>
                    <dd>{formatDateTime(d.detectedAt, timeZone, { seconds: true })}</dd>
                    <dt className="text-slate-600">{t('vibration.diagnosis.col.channel')}</dt>
                    <dd>{t('vibration.diagnosis.where', { sensor: d.sensorNo, channel: t(channelKey(d.channel)) })}</dd>
                    {d.faultType !== null ? (
                      <>
                        <dt className="text-slate-600">{t('vibration.diagnosis.col.reason')}</dt>
                        <dd>{reasonLine(t, d.reason)}</dd>
                      </>
                    ) : null}
                  </dl>
                ) : (
                  <p className="mt-3 text-slate-600">{t('vibration.diagnosis.none')}</p>
                )}
                <p className="mt-3 flex flex-wrap gap-4">
                  <Link to={`/vibration/diagnosis/${m.machineId}`} className="link-row">
                    {t('vibration.diagnosis.timeline')}
                  </Link>
                  {d ? (
                    <Link to={`/vibration/diagnosis/recordings/${d.recordingId}?channel=${d.channel}&window=${d.windowIndex}`} className="link-row">
                      {t('vibration.diagnosis.open')}
                    </Link>
                  ) : null}
                  {d && d.faultType === null ? (
                    <Link to={`/vibration/diagnosis/${m.machineId}#baselines`} className="link-row">
                      {t('vibration.diagnosis.setBaseline')}
                    </Link>
                  ) : null}
                </p>
              </li>
            )
          })}
        </ul>
      )}
      <Card className="mt-6">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-lg font-semibold">{t('vibration.diagnosis.jobs')}</h2>
          {waiting ? (
            <Link to="/vibration/diagnosis" className="flex min-h-touch min-w-touch items-center font-medium text-blue-800 underline">
              {t('vibration.diagnosis.refresh')}
            </Link>
          ) : null}
        </div>
        <p className="mb-2 text-sm text-slate-600">{t('vibration.diagnosis.jobsHint')}</p>
        <RunsTable runs={runs} timeZone={timeZone} />
      </Card>
    </>
  )
}
