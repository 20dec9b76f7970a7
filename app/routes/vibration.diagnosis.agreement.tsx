import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { buttonClass } from '~/components/ui/button'
import { inputClass } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { channelKey, DiagnosisNav, FaultBadge, faultKey, percent } from '~/components/vibration/diagnosis'
import { formatDateTime, VibrationTabs } from '~/components/vibration/ui'
import type { AgreementMatrix } from '~/domain/vibration/diagnosis'
import { agreement } from '~/models/vibration/diagnosis-agreement.server'
import { listMachines } from '~/models/vibration/machines.server'
import { isUuid } from '~/utils/ids'
import { requireUser } from '~/utils/auth.server'
import { env } from '~/utils/env.server'
import { useLocale, useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'

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

function Matrix({ m, caption, testId }: { m: AgreementMatrix; caption: string; testId: string }) {
  const t = useT()
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
              <td className="px-2 py-1 text-right">{m.recall[label] == null ? '—' : `${percent(m.recall[label])}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-sm" data-testid={`${testId}-accuracy`}>
        {t('vibration.diagnosis.accuracy', { agreeing: m.agreeing, total: m.total, percent: percent(m.accuracy) })}
      </p>
    </section>
  )
}

export default function AgreementPage() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <>
      <PageHeader title={t('vibration.diagnosis.agreementTitle')} />
      <VibrationTabs canUpload={d.canUpload} />
      <DiagnosisNav />
      <p className="mb-4 text-slate-700">{t('vibration.diagnosis.agreementIntro')}</p>
      <Card className="mb-4">
        <Form method="get" className="flex flex-wrap items-end gap-3" aria-label={t('common.filter')}>
          <label className="block text-sm font-medium text-slate-800">
            {t('vibration.filter.machine')}
            <select name="machine" defaultValue={d.machine} className={`mt-1 ${inputClass}`}>
              <option value="">{t('common.all')}</option>
              {d.machines.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
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
          <Card className="overflow-x-auto">
            <h2 className="mb-2 text-lg font-semibold">{t('vibration.diagnosis.recordings')}</h2>
            <table className="w-full text-left text-sm" data-testid="agreement-recordings">
              <thead className="text-slate-600">
                <tr>
                  <th className="py-1 pr-3">{t('vibration.diagnosis.col.collectedAt')}</th>
                  <th className="py-1 pr-3">{t('vibration.col.machine')}</th>
                  <th className="py-1 pr-3">{t('vibration.diagnosis.col.sensor')}</th>
                  {(['normal', 'type1', 'type2', 'type3'] as const).map((c) => (
                    <th key={c} className="py-1 pr-3">
                      {t(channelKey(c))}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {d.recordings.map((r) => (
                  <tr key={r.recordingId}>
                    <td className="py-1 pr-3 whitespace-nowrap">
                      <Link className="font-medium text-blue-800 underline" to={`/vibration/diagnosis/recordings/${r.recordingId}`}>
                        {formatDateTime(r.collectedAt, locale, d.timeZone)}
                      </Link>
                    </td>
                    <td className="pr-3">{r.machineName}</td>
                    <td className="pr-3">{r.sensorNo}</td>
                    {[0, 1, 2, 3].map((label) => {
                      const c = r.channels.find((x) => x.label === label)
                      return (
                        <td key={label} className="pr-3">
                          {c ? (
                            <span className="flex flex-wrap items-center gap-1">
                              <FaultBadge faultType={c.faultType} />
                              <span className={c.faultType === label ? 'text-green-800' : 'text-red-800'}>
                                {c.faultType === label ? `✓ ${t('vibration.diagnosis.agrees')}` : `✗ ${t('vibration.diagnosis.disagrees')}`}
                              </span>
                            </span>
                          ) : (
                            '—'
                          )}
                        </td>
                      )
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
