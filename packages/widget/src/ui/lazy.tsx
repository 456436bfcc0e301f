import type { ComponentType } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { chunk } from '../connect/chunk.ts'
import { useI18n } from './i18n-context.ts'

/**
 * A component whose code is fetched when it is first drawn. While it loads the visitor sees
 * a status (or nothing, for parts they did not ask for: `quiet`); if the fetch fails the
 * WidgetError is reported and they get the reason with a Retry button.
 */
export function lazy<P extends object>(load: () => Promise<ComponentType<P>>, quiet?: boolean): ComponentType<P> {
  const fetch = chunk(load)
  let Loaded: ComponentType<P> | undefined
  return (props: P) => {
    const { t } = useI18n()
    const [failed, setFailed] = useState(false)
    const [, setReady] = useState(Loaded)
    useEffect(() => {
      if (!Loaded && !failed) {
        fetch().then(
          (component) => setReady(() => (Loaded = component)),
          (error: unknown) => {
            reportError(error)
            setFailed(true)
          }
        )
      }
    }, [failed])
    if (Loaded) return <Loaded {...props} />
    if (quiet) return null
    return failed ? (
      <p class="problem" role="alert">
        {t('loadFailed')}{' '}
        <button type="button" class="link" onClick={() => setFailed(false)}>{t('retry')}</button>
      </p>
    ) : (
      <p class="empty" role="status">{t('loading')}</p>
    )
  }
}
