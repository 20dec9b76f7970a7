import { expect, test } from 'vitest'
import { isChannel } from './channels'
import { CHANNEL_NAMES } from './views'

test('every stored channel name is a channel; anything else is not', () => {
  for (const name of CHANNEL_NAMES) expect(isChannel(name)).toBe(true)
  for (const other of ['', 'Normal', 'type4', 'time', ' value', null, undefined, 1, ['normal']]) expect(isChannel(other)).toBe(false)
})
