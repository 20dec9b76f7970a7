import { Form } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { useT } from '~/utils/i18n'
import { useIsPending } from '~/utils/use-is-pending'

/** What a refused placement offers instead: the same job at the next free start (a datetime-local value and its label). */
export interface SlotSuggestion {
  /** Every field of the refused form, with `start` (and `end`, when one was given) moved to the free slot. */
  fields: Record<string, string>
  /** The new start, formatted for people. */
  label: string
}

/**
 * "Use the next free slot": a second form that posts the refused form again with the suggested start. A real form
 * with hidden fields, so it works without JavaScript.
 */
export function NextSlotForm({ suggestion, intent }: { suggestion: SlotSuggestion; intent?: string }) {
  const t = useT()
  const busy = useIsPending()
  return (
    <Form method="post" className="space-y-1 rounded-lg bg-blue-50 p-3 ring-1 ring-blue-200" data-testid="next-slot">
      {Object.entries(suggestion.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" name={intent ? 'intent' : undefined} value={intent} disabled={busy}>
        {t('schedule.slot.useNext', { time: suggestion.label })}
      </Button>
      <p className="break-keep text-sm text-slate-700">{t('schedule.slot.useNextHint')}</p>
    </Form>
  )
}
