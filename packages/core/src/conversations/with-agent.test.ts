import { describe, expect, it } from 'vitest'
import { withAgent } from './with-agent.ts'

describe('withAgent', () => {
  it('groups the customer projection’s agent columns', () => {
    expect(withAgent({ assigned_agent_name: 'Julie', assigned_agent_avatar_url: null })).toEqual({
      assigned_agent_name: 'Julie',
      assigned_agent_avatar_url: null,
      assigned_agent: { display_name: 'Julie', avatar_url: null }
    })
    expect(withAgent({ assigned_agent_name: null, assigned_agent_avatar_url: null }).assigned_agent).toBeNull()
    const staffRow = { assigned_to: 'x' }
    expect(withAgent(staffRow)).toBe(staffRow)
  })
})
