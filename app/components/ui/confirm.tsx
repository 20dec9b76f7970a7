import type { ReactNode } from 'react'
import { buttonClass } from './button'

/**
 * A destructive action behind a confirm step that works without JavaScript: the first tap opens a `<details>` disclosure
 * with what will happen and the real (red) submit button, given as `children`; tapping the first button again closes it.
 * So the danger button is never the first, expected tap, and nothing is sent until the second one.
 */
export function ConfirmStep({ label, question, children, testId }: { label: ReactNode; question: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <details className="w-full sm:w-auto" data-testid={testId}>
      <summary className={buttonClass('danger-outline', 'cursor-pointer list-none [&::-webkit-details-marker]:hidden')}>{label}</summary>
      <div className="mt-2 space-y-2 rounded-lg bg-red-50 p-3 ring-1 ring-red-200">
        <p className="text-sm text-red-900">{question}</p>
        <div className="flex flex-wrap gap-2">{children}</div>
      </div>
    </details>
  )
}
