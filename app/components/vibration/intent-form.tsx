import { getFormProps, useForm } from '@conform-to/react'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Button } from '~/components/ui/button'
import { useIsPending } from '~/utils/use-is-pending'

/**
 * One intent button of a diagnosis page (with the hidden fields it sends) as a form of its own: its own conform form
 * (`id` unique on the page) and its own pending state. The page shows the action's errors where it always has.
 */
export function IntentForm({
  id,
  intent,
  hidden = {},
  variant,
  className,
  label,
  children,
}: {
  id: string
  intent: string
  hidden?: Record<string, string>
  variant?: 'primary' | 'secondary'
  className?: string
  /** The button's text. */
  label: ReactNode
  /** Shown after the button (a hint). */
  children?: ReactNode
}) {
  const [form] = useForm({ defaultNoValidate: false, id })
  const isPending = useIsPending({ intent })
  return (
    <Form method="post" className={className} {...getFormProps(form)}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" name="intent" value={intent} variant={variant} disabled={isPending}>
        {label}
      </Button>
      {children}
    </Form>
  )
}
