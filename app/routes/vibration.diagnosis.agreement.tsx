import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { buttonClass } from '~/components/ui/button'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { MachineSelect } from '~/components/vibration/filters'
import { channelKey, DiagnosisNav, FaultBadge, faultKey, percent } from '~/components/vibration/diagnosis'
import { VibrationTabs } from '~/components/vibration/ui'
import type { AgreementMatrix } from '~/domain/vibration/diagnosis'
import { agreement } from '~/models/vibration/diagnosis-agreement.server'
import { listMachines } from '~/models/vibration/machines.server'
import { isUuid } from '~/utils/ids'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { formatDateTime } from '~/utils/format'
import { useLocale, useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

/** Agreement of the diagnosis with the condition each layout-a channel was recorded under (GET ?machine=). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const machineText = (new URL(request.url).searchParams.get('machine') ?? '').trim()
  const machineId = isUuid(machineText) ? machineText : null
  const [machines, result] = await Promise.all([listMachines(), agreement({ machineId })])
  return {
    machines: machines.map((m) => ({ id: m.id, name: m.name })),
    machine: machineId ?? '',
    ...result,
    timeZone: env().SHOP_TIME_ZONE,
    canUpload: can(user.role, 'vibration:upload'),
  }
}

/** A confusion matrix (recorded condition × diagnosis): a hand-built table, as its cells are coloured one by one. */
function Matrix({ m, caption, testId }: { m: AgreementMatrix; caption: string; testId: string }) {
  const t = useT()
  const locale = useLocale()
  return (
    <section>
      <h3 className="font-medium">{caption}</h3>
      <table className="mt-2 text-sm tabular-nums" data-testid={testId} aria-describedby={`${testId}-label`}>
        <thead>
          <tr>
            <th className="py-1 pr-3 text-left text-slate-600" id={`${testId}-label`}>
              {t('vibration.diagnosis.matrixLabel')}
            </th>
            {[0, 1, 2, 3].map((f) => (
              <th key={f} scope="col" className="px-2 py-1 text-right text-slate-600">
                {t(faultKey(f))}
              </th>
            ))}
            <th scope="col" className="px-2 py-1 text-right text-slate-600">
              {t('vibration.diagnosis.recall')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {m.counts.map((row, label) => (
            <tr key={label}>
              <th scope="row" className="py-1 pr-3 text-left font-medium">
                {t(channelKey(['normal', 'type1', 'type2', 'type3'][label]))} ({t(faultKey(label))})
              </th>
              {row.map((n, f) => (
                <td key={f} className={`px-2 py-1 text-right ${f === label ? 'bg-green-50 font-semibold' : n > 0 ? 'bg-red-50' : ''}`}>
                  {n}
                </td>
              ))}
              <td className="px-2 py-1 text-right">{m.recall[label] == null ? '—' : `${percent(locale, m.recall[label])}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-sm" data-testid={`${testId}-accuracy`}>
        {t('vibration.diagnosis.accuracy', { agreeing: m.agreeing, total: m.total, percent: percent(locale, m.accuracy) })}
      </p>
    </section>
  )
}

/** Whether the diagnosis of the channel recorded under condition `label` agrees with it. */
function AgreementCell({ label, channel }: { label: number; channel?: { faultType: number | null } }) {
  const t = useT()
  if (!channel) return '—'
  const agrees = channel.faultType === label
  return (
    <span className="flex flex-wrap items-center gap-1">
      <FaultBadge faultType={channel.faultType} />
      <span className={agrees ? 'text-green-800' : 'text-red-800'}>{agrees ? `✓ ${t('vibration.diagnosis.agrees')}` : `✗ ${t('vibration.diagnosis.disagrees')}`}</span>
    </span>
  )
}

export default function AgreementPage() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={t('vibration.diagnosis.agreementTitle')} />
      <VibrationTabs canUpload={d.canUpload} />
      <DiagnosisNav />
      <p className="mb-4 text-slate-700">{t('vibration.diagnosis.agreementIntro')}</p>
      <Card className="mb-4">
        <Form method="get" className="flex flex-wrap items-end gap-3" aria-label={t('common.filter')}>
          <MachineSelect machines={d.machines} defaultValue={d.machine} />
          <button type="submit" className={buttonClass('primary')}>
            {t('common.filter')}
          </button>
          <Link to="/vibration/diagnosis/agreement" className={buttonClass('secondary')}>
            {t('common.reset')}
          </Link>
        </Form>
      </Card>
      {d.byChannel.total === 0 ? (
        <Card>
          <p>{t('vibration.diagnosis.agreementEmpty')}</p>
        </Card>
      ) : (
        <>
          <Card className="mb-4 overflow-x-auto">
            <div className="grid gap-6 xl:grid-cols-2">
              <Matrix m={d.byChannel} caption={t('vibration.diagnosis.byChannel')} testId="agreement-channels" />
              <Matrix m={d.byWindow} caption={t('vibration.diagnosis.byWindow')} testId="agreement-windows" />
            </div>
          </Card>
          <Card>
            <h2 className="mb-2 text-lg font-semibold">{t('vibration.diagnosis.recordings')}</h2>
            <DataTable
              size="sm"
              testId="agreement-recordings"
              rows={d.recordings}
              rowKey={(r) => r.recordingId}
              columns={[
                {
                  key: 'collectedAt',
                  header: t('vibration.diagnosis.col.collectedAt'),
                  nowrap: true,
                  cell: (r) => (
                    <Link className="font-medium text-blue-800 underline" to={`/vibration/diagnosis/recordings/${r.recordingId}`}>
                      {formatDateTime(r.collectedAt, d.timeZone, { seconds: true })}
                    </Link>
                  ),
                },
                { key: 'machine', header: t('vibration.col.machine'), cell: (r) => r.machineName },
                { key: 'sensor', header: t('vibration.diagnosis.col.sensor'), cell: (r) => r.sensorNo },
                ...(['normal', 'type1', 'type2', 'type3'] as const).map((c, label) => ({
                  key: c,
                  header: t(channelKey(c)),
                  cell: (r: (typeof d.recordings)[number]) => <AgreementCell label={label} channel={r.channels.find((x) => x.label === label)} />,
                })),
              ]}
            />
          </Card>
        </>
      )}
    </>
  )
}
