import { useFormAction, useNavigation } from '@remix-run/react'

/**
 * True while this route's form (or the one at `formAction`) is being submitted — the one way a page shows a pending
 * state. With several forms on a page, pass the submitted `intent` to ask about one button's form only.
 */
export function useIsPending({
  formAction,
  formMethod = 'POST',
  intent,
  state = 'non-idle',
}: { formAction?: string; formMethod?: 'POST' | 'GET'; intent?: string; state?: 'submitting' | 'loading' | 'non-idle' } = {}): boolean {
  const contextual = useFormAction()
  const navigation = useNavigation()
  const inState = state === 'non-idle' ? navigation.state !== 'idle' : navigation.state === state
  if (!inState || navigation.formMethod !== formMethod) return false
  if (navigation.formAction !== (formAction ?? contextual)) return false
  return intent === undefined || navigation.formData?.get('intent') === intent
}
