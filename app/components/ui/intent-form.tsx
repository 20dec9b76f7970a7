import { getFormProps, useForm } from '@conform-to/react'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Button, type Variant } from '~/components/ui/button'
import { ConfirmStep } from '~/components/ui/confirm'
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
  buttonClassName,
  label,
  confirm,
  children,
}: {
  id: string
  intent: string
  hidden?: Record<string, string>
  variant?: Variant
  className?: string
  /** Extra classes of the button (e.g. full width at the bench). */
  buttonClassName?: string
  /** The button's text. */
  label: ReactNode
  /** A destructive intent: the first tap opens this question, the (red) button inside sends. Works without JavaScript. */
  confirm?: { question: ReactNode; testId?: string }
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
      {confirm ? (
        <ConfirmStep label={label} question={confirm.question} testId={confirm.testId}>
          <Button type="submit" name="intent" value={intent} variant="danger" disabled={isPending}>
            {label}
          </Button>
        </ConfirmStep>
      ) : (
        <Button type="submit" name="intent" value={intent} variant={variant} className={buttonClassName} disabled={isPending}>
          {label}
        </Button>
      )}
      {children}
    </Form>
  )
}
