import { describe, expect, it } from 'vitest'
import { readToast, toastHeader, type Toast } from './toast.server'

/** The cookie a redirect sets, sent back as the next request's Cookie header. */
async function roundTrip(toast: unknown) {
  const setCookie = await toastHeader(toast as Toast)
  const request = new Request('http://localhost/', { headers: { Cookie: setCookie.split(';')[0] } })
  return (await readToast(request)).toast
}

describe('toast undo', () => {
  it('carries a same-site form back: action, intent and string fields', async () => {
    const toast = await roundTrip({ type: 'success', key: 'inventory.spools.archivedToast', undo: { action: '/inventory/spools/x', intent: 'restore', fields: { version: '3' } } })
    expect(toast?.undo).toEqual({ action: '/inventory/spools/x', intent: 'restore', fields: { version: '3' } })
  })

  it('drops an undo that would post elsewhere or is malformed, and keeps the message', async () => {
    for (const undo of [
      { action: '//evil.example/x', intent: 'restore' },
      { action: 'https://evil.example/x', intent: 'restore' },
      { action: '/\\evil.example', intent: 'restore' },
      { action: '/x', intent: '' },
      { action: '/x', intent: 'restore', fields: { version: 3 } },
      'restore',
    ]) {
      const toast = await roundTrip({ type: 'success', key: 'inventory.spools.archivedToast', undo })
      expect(toast?.key).toBe('inventory.spools.archivedToast')
      expect(toast?.undo).toBeUndefined()
    }
  })

  it('has no undo unless one is given', async () => {
    const toast = await roundTrip({ type: 'success', key: 'inventory.spools.restoredToast' })
    expect(toast).toEqual({ type: 'success', key: 'inventory.spools.restoredToast', params: undefined })
  })
})
