import { ParleyElement } from '../base/parley-element.tsx'
import { REPLY_TEMPLATES_CSS } from './styles.ts'

/**
 * `<parley-reply-templates>`: the quick replies the signed-in staff member can use, shared and
 * personal. Everyone creates, edits and deletes their own; admins also manage the shared ones
 * and see how often each was used. f_and_i staff see a sentence saying it is not for their role.
 */
export class ParleyReplyTemplates extends ParleyElement {
  protected readonly capability = 'replies'
  protected readonly subject = 'theReplies'
  protected readonly css = REPLY_TEMPLATES_CSS
  protected loadView() {
    return import('./RepliesView.tsx').then((module) => module.default)
  }
}

if (!customElements.get('parley-reply-templates')) customElements.define('parley-reply-templates', ParleyReplyTemplates)

declare global {
  interface HTMLElementTagNameMap {
    'parley-reply-templates': ParleyReplyTemplates
  }
}
