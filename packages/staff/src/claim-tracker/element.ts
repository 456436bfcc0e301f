import { ParleyElement } from '../base/parley-element.tsx'
import { TRACKER_CSS } from './styles.ts'

/**
 * `<parley-claim-tracker claim-id="…" claim-number="RC-2026-0042">`: a claim's live status
 * history and, for staff, the status change form.
 */
export class ParleyClaimTracker extends ParleyElement {
  static override observedAttributes = [...ParleyElement.observedAttributes, 'claim-id', 'claim-number']
  protected readonly capability = 'claims'
  protected readonly subject = 'theClaims'
  protected readonly css = TRACKER_CSS
  protected loadView() {
    return import('./ClaimTrackerView.tsx').then((module) => module.default)
  }

  /** The claim shown (mirrors `claim-id`). */
  get claimId(): string | null {
    return this.getAttribute('claim-id')
  }

  set claimId(id: string | null) {
    if (id) this.setAttribute('claim-id', id)
    else this.removeAttribute('claim-id')
  }
}

if (!customElements.get('parley-claim-tracker')) customElements.define('parley-claim-tracker', ParleyClaimTracker)

declare global {
  interface HTMLElementTagNameMap {
    'parley-claim-tracker': ParleyClaimTracker
  }
}
