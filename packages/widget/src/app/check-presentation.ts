import type { WidgetConfig } from '../loader/config.ts'
import { WidgetError } from '../loader/errors.ts'

/**
 * The loader keeps only what it must check to start; the rest is checked here, where bytes
 * are cheaper. A bad value is reported (the page's console) and its default used.
 */
export function checkPresentation(config: WidgetConfig): void {
  const problems: string[] = []
  if (config.position && !['right', 'left'].includes(config.position)) problems.push('position must be "right" or "left"')
  if (config.theme && !['auto', 'light', 'dark'].includes(config.theme)) problems.push('theme must be "auto", "light" or "dark"')
  if (config.zIndex !== undefined && !Number.isInteger(Number(config.zIndex))) problems.push('zIndex must be an integer')
  if (config.color && !CSS.supports('color', config.color)) problems.push(`color "${config.color}" is not a CSS colour`)
  for (const problem of problems) reportError(new WidgetError('INVALID_CONFIG', problem))
}
