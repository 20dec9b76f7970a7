import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useOutlet } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { FormErrors } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { DataTable } from '~/components/ui/table'
import { MachineFields } from '~/components/vibration/machine-fields'
import { MachineSchema, type MachineFormInput } from '~/components/vibration/schemas'
import { VibrationTabs } from '~/components/vibration/ui'
import { createMachine, listMachines } from '~/models/vibration/machines.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { can } from '~/utils/permissions'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, 'vibration:read')
  const machines = await listMachines()
  return { machines, canManage: can(user.role, 'vibration:manage'), canUpload: can(user.role, 'vibration:upload') }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'vibration:manage')
  const submission = parseWithZod(await readForm(request), { schema: MachineSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await createMachine(actorOf(user, request), submission.value)
  if (!result.ok) return data(submission.reply({ fieldErrors: { name: ['vibration.error.nameTaken'] } }), { status: 409 })
  return redirectWithToast('/vibration/machines', { type: 'success', key: 'vibration.machines.created', params: { name: result.machine.name } })
}

const linkClass = 'flex min-h-touch items-center font-medium text-blue-800 underline'

/** The new-machine form beside the list (managers only). */
function NewMachineCard() {
  const lastResult = useActionData<typeof action>()
  const isPending = useIsPending()
  const t = useT()
  const [form, fields] = useForm<MachineFormInput>({ defaultNoValidate: false, id: 'new-machine', lastResult, constraint: getZodConstraint(MachineSchema), defaultValue: { signalUnit: 'unknown' } })
  return (
    <Card>
      <h2 className="text-lg font-semibold">{t('vibration.machines.new')}</h2>
      <Form method="post" className="mt-4 space-y-4" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <MachineFields fields={fields} />
        <Button type="submit" className="w-full" disabled={isPending}>
          {t('common.create')}
        </Button>
      </Form>
    </Card>
  )
}

export default function MachinesPage() {
  const { machines, canManage, canUpload } = useLoaderData<typeof loader>()
  const t = useT()
  // The flat-route name nests /vibration/machines/:machineId under this route: its edit page takes the list's place.
  const outlet = useOutlet()
  if (outlet) return outlet
  return (
    <>
      <PageHeader title={t('vibration.machines.title')} />
      <VibrationTabs canUpload={canUpload} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <DataTable
            testId="machines"
            rows={machines}
            rowKey={(m) => m.id}
            empty={t('vibration.machines.empty')}
            columns={[
              {
                key: 'name',
                header: t('vibration.machine.name'),
                cell: (m) => (
                  // A manager edits the machine; everyone else browses its data.
                  <Link to={canManage ? `/vibration/machines/${m.id}` : `/vibration?machine=${m.id}`} className={linkClass}>
                    {m.name}
                  </Link>
                ),
              },
              { key: 'location', header: t('vibration.machine.location'), cell: (m) => m.location },
              { key: 'unit', header: t('vibration.machine.unit'), cell: (m) => t(`vibration.unit.${m.signalUnit}`) },
              { key: 'sensors', header: t('vibration.machine.sensors'), cell: (m) => m.sensors.join(', ') },
              { key: 'recordings', header: t('vibration.machine.recordings'), numeric: true, cell: (m) => m.recordingCount },
              {
                key: 'diagnosis',
                header: <span className="sr-only">{t('vibration.nav.diagnosis')}</span>,
                cell: (m) => (
                  <Link to={`/vibration/diagnosis/${m.id}`} className={linkClass}>
                    {t('vibration.nav.diagnosis')}
                  </Link>
                ),
              },
            ]}
          />
        </Card>
        {canManage ? <NewMachineCard /> : null}
      </div>
    </>
  )
}
