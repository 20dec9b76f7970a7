import { getFormProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { z } from 'zod'
import { PrinterFields } from '~/components/printers/printer-fields'
import { printerFields } from '~/components/printers/schemas'
import { messagesOnce } from '~/utils/forms'
import { Button, buttonClass } from '~/components/ui/button'
import { FormErrors, SelectField } from '~/components/ui/field'
import { Card, PageHeader } from '~/components/ui/layout'
import { CALENDAR_PRESET_IDS, calendarPreset } from '~/domain/printers'
import { createPrinter } from '~/models/printers/printers.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { useT } from '~/utils/i18n'
import { readForm } from '~/utils/request.server'
import { redirectWithToast } from '~/utils/toast.server'
import { useIsPending } from '~/utils/use-is-pending'

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'

const NewPrinterSchema = z.object({
  ...printerFields,
  preset: z.enum(CALENDAR_PRESET_IDS, { errorMap: () => ({ message: 'printers.error.preset' }) }),
})

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, 'printers:write')
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, 'printers:write')
  const submission = parseWithZod(await readForm(request), { schema: NewPrinterSchema, formatError: messagesOnce })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const { preset, ...input } = submission.value
  const result = await createPrinter(actorOf(user, request), { ...input, purchaseDate: input.purchaseDate ?? null, calendar: calendarPreset(preset) })
  if (!result.ok) return data(submission.reply({ fieldErrors: { assetId: ['printers.error.assetIdTaken'] } }), { status: 409 })
  return redirectWithToast(`/printers/${result.printer.id}`, { type: 'success', key: 'printers.created', params: { assetId: result.printer.assetId } })
}

export default function NewPrinterPage() {
  const lastResult = useActionData<typeof action>()
  const t = useT()
  const isPending = useIsPending()
  const [form, fields] = useForm<z.input<typeof NewPrinterSchema>>({
    defaultNoValidate: false,
    id: 'new-printer',
    lastResult,
    constraint: getZodConstraint(NewPrinterSchema),
    defaultValue: { nozzleDiameterMm: '0.4', changeoverMinutes: '10', materials: 'PLA, PETG', status: 'active', printHours: '0', preset: 'always' },
  })
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
        <FormErrors id={form.errorId} errors={form.errors} />
        <Form method="post" className="mt-2 space-y-4" {...getFormProps(form)}>
          <PrinterFields fields={fields} />
          <SelectField
            label={t('printers.field.preset')}
            options={CALENDAR_PRESET_IDS.map((p) => ({ value: p, label: t(`printers.preset.${p}`) }))}
            errors={fields.preset.errors}
            {...getSelectProps(fields.preset)}
          />
          <Button type="submit" disabled={isPending}>
            {t('printers.register')}
          </Button>
        </Form>
      </Card>
    </>
  )
}

