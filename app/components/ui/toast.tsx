import type { SerializeFrom } from '@remix-run/node'
import { Form, useMatches, useNavigation } from '@remix-run/react'
import { useEffect, useState } from 'react'
import type { MessageKey, Params } from '~/i18n'
import { useT } from '~/utils/i18n'
import { buttonClass } from './button'

export interface ToastData {
  type: 'success' | 'error' | 'info'
  key: MessageKey
  params?: Params
  undo?: { action: string; intent: string; fields?: Record<string, string> }
}

/** Toasts whose greeting the dashboard already says (one greeting, not two). */
const greetings: ReadonlySet<string> = new Set(['login.welcome'])

const tones = {
  success: 'bg-green-50 text-green-900 ring-green-300',
  error: 'bg-red-50 text-red-900 ring-red-300',
  info: 'bg-blue-50 text-blue-900 ring-blue-300',
} as const

/**
 * The message of the last change (a flash cookie read by the root loader, so it shows without JavaScript), with an
 * "Undo" button where the change can be taken back: a real form posting the reverse intent, checked like any other post.
 */
export function Toast({ toast }: { toast: SerializeFrom<ToastData> | null }) {
  const t = useT()
  const matches = useMatches()
  // A toast belongs to the page it came with: once another form is sent from that page it is hidden, so an old success
  // never stands beside a new refusal (a refused action does not reload the root). Without JavaScript every answer is a
  // fresh page, which shows the same.
  const navigation = useNavigation()
  const [spent, setSpent] = useState<typeof toast>(null)
  useEffect(() => {
    if (navigation.state === 'submitting' && toast) setSpent(toast)
  }, [navigation.state, toast])
  if (!toast || spent === toast) return null
  if (greetings.has(toast.key) && matches.at(-1)?.id === 'routes/_index') return null
  const { undo } = toast
  return (
    <div role="status" data-testid="toast" className={`mb-4 flex flex-wrap items-center gap-3 rounded-lg p-3 ring-1 ${tones[toast.type]}`}>
      <span className="min-w-0 flex-1">{t(toast.key, toast.params)}</span>
      {undo ? (
        <Form method="post" action={undo.action} data-testid="toast-undo">
          {Object.entries(undo.fields ?? {}).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <button type="submit" name="intent" value={undo.intent} className={buttonClass('secondary')}>
            {t('toast.undo')}
          </button>
        </Form>
      ) : null}
    </div>
  )
}
