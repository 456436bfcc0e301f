import type { ComponentType } from 'preact'
import { useLayoutEffect, useState } from 'preact/hooks'
import { chunk } from '../connect/chunk.ts'
import { useI18n } from './i18n-context.ts'

/**
 * A component whose code is fetched when it is first drawn. While it loads the visitor sees
 * a status (or nothing, for parts they did not ask for: `quiet`); if the fetch fails the
 * WidgetError is reported and they get the reason with a Retry button. `preload()` fetches it
 * ahead of the first draw.
 */
export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  quiet?: boolean
): ComponentType<P> & { preload(): Promise<unknown> } {
  let Loaded: ComponentType<P> | undefined
  // Kept as soon as it arrives, so a part preloaded before its first draw paints at once.
  const fetch = chunk(() => load().then((component) => (Loaded = component)))
  const Lazy = (props: P) => {
    const { t } = useI18n()
    const [failed, setFailed] = useState(false)
    // Not the component itself: useState would call a function it is given.
    const [, setReady] = useState(false)
    // Fetched on commit: a plain effect waits for a frame or a timer, both throttled in a tab
    // in the background (seen in Chromium: a part there never arrived).
    useLayoutEffect(() => {
      if (!Loaded && !failed) {
        fetch().then(
          () => setReady(true),
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
        <button type="button" class="link" onClick={() => setFailed(false)}>
          {t('retry')}
        </button>
      </p>
    ) : (
      <p class="empty" role="status">
        {t('loading')}
      </p>
    )
  }
  return Object.assign(Lazy, { preload: fetch })
}
