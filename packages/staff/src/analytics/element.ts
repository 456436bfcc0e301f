import { ParleyElement } from '../base/parley-element.tsx'
import { ANALYTICS_CSS } from './styles.ts'

/**
 * `<parley-analytics>`: the organization's response times, resolutions, backlog and customer
 * satisfaction by day or week and per agent, as charts with their figures in tables, and a CSV
 * download; for admins and operations. Other roles see a sentence saying it is not for them.
 */
export class ParleyAnalytics extends ParleyElement {
  protected readonly capability = 'analytics'
  protected readonly subject = 'theAnalytics'
  protected readonly css = ANALYTICS_CSS
  protected loadView() {
    return import('./AnalyticsView.tsx').then((module) => module.default)
  }
}

if (!customElements.get('parley-analytics')) customElements.define('parley-analytics', ParleyAnalytics)

declare global {
  interface HTMLElementTagNameMap {
    'parley-analytics': ParleyAnalytics
  }
}
