import type { ComponentChildren } from 'preact'

/** What a view's last action said: a refusal is an error, anything else is news. */
export interface Saying {
  text: string
  error: boolean
}

/**
 * Says it where assistive technology hears it: news in a polite live region that stays in the
 * page (so each change is announced), a refusal as an alert. `status`, when given, stands in
 * for the news (a form's own check, say).
 */
export function Said({ said, status }: { said: Saying | null; status?: ComponentChildren }) {
  return (
    <>
      <div role="status" aria-live="polite">
        {status ?? (said && !said.error && <p>{said.text}</p>)}
      </div>
      {said?.error && (
        <p part="error" class="error" role="alert">
          {said.text}
        </p>
      )}
    </>
  )
}
