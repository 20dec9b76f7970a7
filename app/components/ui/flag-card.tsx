/**
 * One on/off shop setting as a card with a plain POST form (works without JavaScript): a checkbox, a hint and a save
 * button carrying `intent`. The route's action parses it with `flagSchema(intent)`.
 */
import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { z } from 'zod'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/layout'
import { useIsPending } from '~/utils/use-is-pending'

export const flagSchema = <I extends string>(intent: I) => z.object({ intent: z.literal(intent), enabled: z.literal('on').optional() })

export function FlagCard({ intent, enabled, title, label, hint, save, testId, className = 'mt-6' }: { intent: string; enabled: boolean; title: string; label: string; hint: string; save: string; testId: string; className?: string }) {
  const busy = useIsPending({ intent })
  const [form, fields] = useForm<{ intent: string; enabled?: 'on' }>({ id: `${intent}-${enabled}`, defaultValue: { enabled: enabled ? 'on' : undefined } })
  return (
    <Card className={className}>
      <h2 className="mb-2 text-lg font-semibold break-keep">{title}</h2>
      <Form method="post" className="space-y-3" data-testid={testId} {...getFormProps(form)}>
        <label className="flex min-h-touch items-center gap-3 font-medium break-keep">
          <input className="h-6 w-6 shrink-0" {...getInputProps(fields.enabled, { type: 'checkbox', value: 'on' })} />
          {label}
        </label>
        <p className="text-sm text-slate-600 break-keep">{hint}</p>
        <Button type="submit" name="intent" value={intent} variant="secondary" disabled={busy}>
          {save}
        </Button>
      </Form>
    </Card>
  )
}
