import { parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { PrinterFields } from '~/components/printers/printer-fields'
import { NewPrinterSchema } from '~/components/printers/schemas'
import { Button, buttonClass } from '~/components/ui/button'
import { FormErrors, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { CALENDAR_PRESET_IDS, calendarPreset } from '~/domain/printers'
import { createPrinter } from '~/models/printers/printers.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { translateFieldErrors } from '~/utils/forms'
import { useT } from '~/utils/i18n'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'printers:write')
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'printers:write')
  const submission = parseWithZod(await readForm(request), { schema: NewPrinterSchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { preset, ...input } = submission.value
  const result = await createPrinter(actorOf(user, request), { ...input, purchaseDate: input.purchaseDate ?? null, calendar: calendarPreset(preset) })
  if (!result.ok) return data(submission.reply({ fieldErrors: { assetId: ['printers.error.assetIdTaken'] } }), { status: 409 })
  return redirectWithToast(`/printers/${result.printer.id}`, { type: 'success', key: 'printers.created', params: { assetId: result.printer.assetId } })
}

export default function NewPrinterPage() {
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const navigation = useNavigation()
  const tr = translateFieldErrors(t, lastResult?.error)
  const v = (lastResult?.initialValue ?? {}) as Record<string, string | undefined>
  return (
    <>
      <PageHeader
        title={t('printers.new')}
        actions={
          <Link to="/printers" className={buttonClass('ghost')}>
            {t('printers.backToFleet')}
          </Link>
        }
      />
      <Card className="max-w-3xl">
        <FormErrors errors={tr['']} />
        <Form method="post" className="mt-2 space-y-4">
          <PrinterFields
            values={{
              assetId: v.assetId ?? '',
              name: v.name ?? '',
              model: v.model ?? '',
              serial: v.serial ?? '',
              purchaseDate: v.purchaseDate ?? null,
              location: v.location ?? '',
              nozzleDiameterMm: v.nozzleDiameterMm ?? '0.4',
              changeoverMinutes: v.changeoverMinutes ?? '10',
              materials: v.materials ? [v.materials] : ['PLA', 'PETG'],
              status: (v.status as 'active') ?? 'active',
              printHours: v.printHours ?? '0',
            }}
            errors={tr}
          />
          <SelectField
            label={t('printers.field.preset')}
            name="preset"
            defaultValue={v.preset ?? 'always'}
            options={CALENDAR_PRESET_IDS.map((p) => ({ value: p, label: t(`printers.preset.${p}`) }))}
            errors={tr.preset}
          />
          <Button type="submit" disabled={navigation.state === 'submitting'}>
            {t('printers.register')}
          </Button>
        </Form>
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
