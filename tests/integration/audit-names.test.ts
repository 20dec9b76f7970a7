import { describe, expect, test } from 'vitest'
import { db } from '~db/client.server'
import { listAudit } from '~/models/audit.server'
import { audit } from '~/utils/audit.server'
import { makeUser } from '../support/app'

const actor = { id: null, username: 'tester' }

describe('the audit log names the records its rows are about', () => {
  test('from the row itself when it carries a name, else looked up by id; an id that matches nothing stays unnamed', async () => {
    const user = await makeUser('operator')
    const action = `test.names.${Date.now()}`
    await audit(db, actor, { action, entityType: 'order', entityId: '00000000-0000-4000-8000-000000000001', after: { reference: 'SO-2026-103', targetQuantity: 4 } })
    await audit(db, actor, { action, entityType: 'user', entityId: user.id, before: { twoFactor: true }, after: { twoFactor: false } })
    await audit(db, actor, { action, entityType: 'printer', entityId: '00000000-0000-4000-8000-000000000002', after: { locked: true } })
    await audit(db, actor, { action, entityType: 'print_job', entityId: 'not-a-uuid', after: { locked: true } })
    const { rows } = await listAudit({ action })
    expect(rows.map((r) => [r.entityType, r.recordName])).toEqual([
      ['print_job', null],
      ['printer', null],
      ['user', user.username],
      ['order', 'SO-2026-103'],
    ])
  })
})
