export const ANALYTICS_CSS = `
:host { container-type: inline-size; --parley-chart-1: light-dark(#1d4ed8, #60a5fa); --parley-chart-2: light-dark(#047857, #34d399); --parley-chart-3: light-dark(#b45309, #fbbf24); }
.analytics { display: grid; gap: 16px; }
.controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; }
.downloads { display: flex; gap: 8px; flex-wrap: wrap; margin-inline-start: auto; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 10px; margin: 0; }
.tiles div { background: var(--parley-surface); border: 1px solid var(--parley-border); border-radius: var(--parley-radius); padding: 10px 12px; }
.tiles div.warn { border-color: var(--parley-chart-3); box-shadow: inset 4px 0 var(--parley-chart-3); }
.tiles dt { font-size: 13px; color: var(--parley-muted); }
.tiles dd { margin: 4px 0 0; font-size: 22px; font-weight: 700; }
.tiles dd .muted { display: block; font-size: 13px; font-weight: 400; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 12px; }
.chart { margin: 0; background: var(--parley-surface); border: 1px solid var(--parley-border); border-radius: var(--parley-radius); padding: 12px; display: grid; gap: 6px; min-width: 0; }
.chart svg { width: 100%; height: auto; display: block; }
.chart .grid line { stroke: var(--parley-border); }
.chart line.reference { stroke: var(--parley-text); stroke-width: 1.5; stroke-dasharray: 6 4; }
.swatch.reference { height: 0; border-top: 2px dashed var(--parley-text); border-radius: 0; vertical-align: 3px; }
.chart text { fill: var(--parley-muted); font-size: 12px; }
.legend { list-style: none; margin: 0; padding: 0; display: flex; gap: 12px; flex-wrap: wrap; font-size: 13px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-inline-end: 5px; vertical-align: -1px; }
details.table summary { cursor: pointer; font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: start; padding: 6px; border-bottom: 1px solid var(--parley-border); }
thead th { font-size: 13px; color: var(--parley-muted); font-weight: 600; }
.scroll { overflow-x: auto; }
.agents, .satisfaction { display: grid; gap: 10px; }
.satisfaction { grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); align-items: start; }
.satisfaction > h3 { grid-column: 1 / -1; }
.latest { display: grid; gap: 8px; }
.agents-head { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; justify-content: space-between; }
h4 { margin: 0; font-size: 15px; }
.comments { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.comments li { display: grid; gap: 2px; padding: 8px 10px; background: var(--parley-surface); border: 1px solid var(--parley-border); border-radius: 8px; }
.stars { color: var(--parley-chart-3); letter-spacing: 1px; }
.stars .off { color: var(--parley-muted); }
`
