// Panel styles, adopted into the shadow root next to the bubble's. Colours come from custom
// properties so a dealer can theme with `parley-chat { --parley-primary: … }`; the dark set
// applies with data-theme=dark, or with auto when the system prefers dark.
const LIGHT =
  '--p:var(--parley-primary,#1d4ed8);--bg:#fff;--fg:#111827;--muted:#4b5563;--line:#d1d5db;--soft:#f3f4f6;--link:var(--p);--bad:#b91c1c'
const DARK = '--bg:#111827;--fg:#f9fafb;--muted:#d1d5db;--line:#4b5563;--soft:#1f2937;--link:#93c5fd;--bad:#fca5a5'

// What every open draws; later parts (pre-chat form, list, settings, push, uploads) bring
// their own rules.
export const WIDGET_CSS = `
.panel{${LIGHT};position:fixed;bottom:88px;right:20px;z-index:var(--parley-z);width:380px;height:min(640px,calc(100vh - 108px));display:flex;flex-direction:column;overflow:hidden;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:16px;box-shadow:0 12px 40px #0005;font:15px/1.45 system-ui,sans-serif;text-align:left;letter-spacing:normal}
.panel[hidden]{display:none}
.panel:focus{outline:none}
:host([data-position=left]) .panel{right:auto;left:20px}
:host([data-theme=dark]) .panel{${DARK};color-scheme:dark}
@media (prefers-color-scheme:dark){:host(:not([data-theme=light])) .panel{${DARK};color-scheme:dark}}
@media (max-width:639px){.panel{inset:0;width:auto;height:auto;border-radius:0;border:0}}
*{box-sizing:border-box}
h2,h3,p,ol,ul,fieldset{margin:0;padding:0}
ol,ul{list-style:none}
button,input,textarea{font:inherit;color:inherit}
button{border:0;background:none;padding:0;cursor:pointer}
input,textarea{font-size:16px}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.panel svg{width:20px;height:20px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.header{display:flex;align-items:center;gap:10px;padding:12px 12px 12px 16px;background:var(--p);color:#fff}
.heading{flex:1;min-width:0}
.heading h2{font-size:16px}
.heading p{font-size:13px;opacity:.92}
.avatar{width:36px;height:36px;border-radius:50%;object-fit:cover;display:grid;place-items:center;background:#fff3;font-weight:700}
.icon{width:40px;height:40px;display:grid;place-items:center;border-radius:50%}
.icon:hover{background:#8882}
.icon:disabled{opacity:.5;cursor:default}
.primary{border-radius:10px;padding:10px 16px;background:var(--p);color:#fff;font-weight:600;min-height:44px}
.primary:disabled{opacity:.7}
.link,.send{color:var(--link)}
.link{text-decoration:underline}
.body{flex:1;display:flex;flex-direction:column;min-height:0;position:relative}
.field{display:flex;flex-direction:column;gap:4px}
.field.check{flex-direction:row;align-items:flex-start;gap:8px}
.field.check input{width:20px;height:20px;margin:2px 0 0;flex:none}
.problem,.failed{color:var(--bad)}
.problem{font-size:14px}
.scroller{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:8px 12px}
.older{display:block;margin:4px auto 8px}
.empty{color:var(--muted);text-align:center;padding:24px 8px}
.day,.system{text-align:center;font-size:13px;color:var(--muted);padding:8px 0}
.message{display:flex;flex-direction:column;align-items:flex-start;padding:3px 0}
.mine{align-items:flex-end}
.sender{font-size:13px;color:var(--muted);margin:0 0 2px 4px}
.bubble{max-width:82%;padding:8px 12px;border-radius:16px;background:var(--soft);overflow-wrap:anywhere}
.mine .bubble{background:var(--p);color:#fff}
.text{white-space:pre-wrap}
.image img{display:block;max-width:100%;max-height:220px;border-radius:10px;margin-top:4px}
.file{display:flex;align-items:center;gap:6px;color:inherit}
.meta{display:flex;align-items:center;gap:6px;font-size:12px;color:var(--muted);margin:2px 4px 0}
.tick svg{width:18px;height:14px}
.tick.read{color:var(--link)}
.typing{display:flex;align-items:center;gap:8px;padding:4px 16px;font-size:13px;color:var(--muted)}
.dots{display:inline-flex;gap:3px}
.dots i{width:6px;height:6px;border-radius:50%;background:currentColor;animation:blink 1.2s infinite}
.dots i+i{animation-delay:.2s}.dots i+i+i{animation-delay:.4s}
@keyframes blink{0%,80%,100%{opacity:.3}40%{opacity:1}}
.banner{padding:8px 16px;background:#fef3c7;color:#78350f;font-size:14px}
.composer{border-top:1px solid var(--line);padding:8px;position:relative}
.dragging{outline:2px dashed var(--link);outline-offset:-4px}
.drop{position:absolute;inset:0;display:grid;place-items:center;background:var(--bg);font-weight:600}
.row{display:flex;align-items:flex-end;gap:4px}
textarea{flex:1;resize:none;max-height:140px;border:1px solid var(--line);border-radius:10px;padding:10px 12px;background:var(--bg);min-height:44px;field-sizing:content}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`
