// The host resets everything it could inherit from the page (important wins from inside a
// shadow root), so hostile page CSS cannot reach in; custom properties still pass for theming.
export const BUBBLE_CSS =
  ':host{all:initial!important;display:block!important}' +
  '.b{position:fixed;bottom:20px;right:20px;z-index:var(--parley-z);width:56px;height:56px;border:0;border-radius:50%;background:var(--parley-primary,#1d4ed8);color:#fff;cursor:pointer;box-shadow:0 4px 14px #0004;display:grid;place-items:center;padding:0}' +
  ':host([data-position=left]) .b{right:auto;left:20px}' +
  '.b:focus-visible{outline:3px solid #f59e0b;outline-offset:3px}' +
  '.b svg{width:28px;fill:currentColor}' +
  '.c{position:absolute;top:-4px;right:-4px;min-width:20px;padding:0 5px;box-sizing:border-box;border-radius:10px;background:#b91c1c;font:700 12px/20px system-ui,sans-serif}'
