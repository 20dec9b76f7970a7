import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import type { z } from 'zod'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { Button } from '~/components/ui/button'
import { Card, PageHeader } from '~/components/ui/layout'
import { MachineFields } from '~/components/vibration/machine-fields'
import { MachineSchema } from '~/components/vibration/schemas'
import { VibrationTabs } from '~/components/vibration/ui'
import { createMachine, listMachines } from '~/models/vibration/machines.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const machines = await listMachines()
  return { machines, canManage: can(user.role, 'vibration:manage'), canUpload: can(user.role, 'vibration:upload') }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'vibration:manage')
  const submission = parseWithZod(await readForm(request), { schema: MachineSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const v = submission.value
  const result = await createMachine(actorOf(user, request), {
    name: v.name,
    location: v.location,
    description: v.description,
    nominalRpm: v.nominalRpm ?? null,
    signalUnit: v.signalUnit,
    isoGroup: v.isoGroup ?? null,
    isoFoundation: v.isoFoundation ?? null,
    sensors: v.sensors,
  })
  if (!result.ok) return data(submission.reply({ fieldErrors: { name: ['vibration.error.nameTaken'] } }), { status: 409 })
  return redirectWithToast('/vibration/machines', { type: 'success', key: 'vibration.machines.created', params: { name: result.machine.name } })
}

export default function MachinesPage() {
  const { machines, canManage, canUpload } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const [form, fields] = useForm<z.input<typeof MachineSchema>>({ lastResult, constraint: getZodConstraint(MachineSchema), defaultValue: { signalUnit: 'unknown' } })
  return (
    <>
      <PageHeader title={t('vibration.machines.title')} />
      <VibrationTabs canUpload={canUpload} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="overflow-x-auto lg:col-span-2">
          {machines.length === 0 ? (
            <p>{t('vibration.machines.empty')}</p>
          ) : (
            <table className="w-full text-left" data-testid="machines">
              <thead className="text-sm text-slate-600">
                <tr>
                  <th className="py-2 pr-3">{t('vibration.machine.name')}</th>
                  <th className="py-2 pr-3">{t('vibration.machine.location')}</th>
                  <th className="py-2 pr-3">{t('vibration.machine.unit')}</th>
                  <th className="py-2 pr-3">{t('vibration.machine.sensors')}</th>
                  <th className="py-2 pr-3 text-right">{t('vibration.machine.recordings')}</th>
                  <th className="py-2">
                    <span className="sr-only">{t('vibration.nav.diagnosis')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {machines.map((m) => (
                  <tr key={m.id}>
                    <td className="py-1 pr-3">
                      {canManage ? (
                        <Link to={`/vibration/machines/${m.id}`} className="flex min-h-touch items-center font-medium text-blue-800 underline">
                          {m.name}
                        </Link>
                      ) : (
                        <Link to={`/vibration?machine=${m.id}`} className="flex min-h-touch items-center font-medium text-blue-800 underline">
                          {m.name}
                        </Link>
                      )}
                    </td>
                    <td className="pr-3">{m.location}</td>
                    <td className="pr-3">{t(`vibration.unit.${m.signalUnit}`)}</td>
                    <td className="pr-3">{m.sensors.join(', ')}</td>
                    <td className="pr-3 text-right tabular-nums">{m.recordingCount}</td>
                    <td>
                      <Link to={`/vibration/diagnosis/${m.id}`} className="flex min-h-touch items-center font-medium text-blue-800 underline">
                        {t('vibration.nav.diagnosis')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        {canManage ? (
          <Card>
            <h2 className="text-lg font-semibold">{t('vibration.machines.new')}</h2>
            <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
              <MachineFields fields={fields} />
              <Button type="submit" className="w-full" disabled={navigation.state === 'submitting'}>
                {t('common.create')}
              </Button>
            </Form>
          </Card>
        ) : null}
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
