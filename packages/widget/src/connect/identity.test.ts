import { describe, expect, it } from 'vitest'
import { fakeCore, fakeState } from '../../test/fake-core.ts'
import { createIdentitySlice } from './identity.ts'

const ID = '22222222-2222-4222-8222-222222222201'

function setUp(activeId: string | null = null) {
  const core = fakeCore()
  const state = fakeState({ activeId })
  return { core, state, identity: createIdentitySlice({ parley: core.parley, ...state }) }
}

describe('identity slice', () => {
  it('prefills the form and writes the details onto the open conversation once', () => {
    const { core, state, identity } = setUp(ID)
    identity.identify({ name: 'Marc', email: 'marc@example.com', phone: '514', signature: 'sig' })
    expect(state.get().prefill).toEqual({ name: 'Marc', email: 'marc@example.com', phone: '514', emailSigned: true })
    expect(core.parley.updateCustomerDetails).toHaveBeenCalledWith(ID, {
      customer_name: 'Marc',
      customer_email: 'marc@example.com',
      customer_phone: '514',
      customer_signature: 'sig'
    })
    identity.apply(ID)
    expect(core.parley.updateCustomerDetails).toHaveBeenCalledTimes(1)
  })

  it('applies to a conversation shown later, but not to one started with the form’s details', () => {
    const { core, identity } = setUp()
    identity.identify({ name: 'Marc', email: 'marc@example.com' })
    expect(core.parley.updateCustomerDetails).not.toHaveBeenCalled()
    identity.started('started')
    identity.apply('started')
    expect(core.parley.updateCustomerDetails).not.toHaveBeenCalled()
    identity.apply(ID)
    expect(core.parley.updateCustomerDetails).toHaveBeenCalledWith(ID, expect.objectContaining({ customer_signature: null }))
  })

  it('sends the signature only with the e-mail it signed, and drops it for a new unsigned e-mail', () => {
    const { state, identity } = setUp()
    identity.identify({ name: 'Marc', email: 'Marc@Example.com', signature: 'sig' })
    expect(identity.signatureFor(' marc@example.com')).toBe('sig')
    expect(identity.signatureFor('other@example.com')).toBeNull()
    identity.identify({ phone: '514' })
    expect(identity.signatureFor('marc@example.com')).toBe('sig')
    identity.identify({ email: 'new@example.com' })
    expect(identity.signatureFor('new@example.com')).toBeNull()
    expect(state.get().prefill.emailSigned).toBe(false)
  })

  it('needs a name and an e-mail before it writes anything', () => {
    const { core, identity } = setUp(ID)
    identity.identify({ name: 'Marc' })
    expect(core.parley.updateCustomerDetails).not.toHaveBeenCalled()
  })
})
