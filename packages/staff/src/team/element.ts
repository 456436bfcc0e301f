import { ParleyElement } from '../base/parley-element.tsx'
import { TEAM_CSS } from './styles.ts'

/**
 * `<parley-team>`: the organization's members (role, active or not) and pending invitations,
 * for admins: change a role, deactivate or reactivate after a confirmation, resend or revoke
 * an invitation, invite by e-mail. Other roles see a sentence saying they cannot manage it.
 */
export class ParleyTeam extends ParleyElement {
  protected readonly capability = 'team'
  protected readonly subject = 'theTeam'
  protected readonly css = TEAM_CSS
  protected loadView() {
    return import('./TeamView.tsx').then((module) => module.default)
  }
}

if (!customElements.get('parley-team')) customElements.define('parley-team', ParleyTeam)

declare global {
  interface HTMLElementTagNameMap {
    'parley-team': ParleyTeam
  }
}
