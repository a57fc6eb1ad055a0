/**
 * Headers on every response. The CSP allows only this origin: scripts and styles from
 * the built files, data from /api. Two relaxations, both needed by the client and low
 * risk: inline styles (Svelte transitions and Observable Plot put `style` on the SVG
 * they draw) and data: images (the inline favicon and Plot's raster marks). No inline
 * or remote scripts, no framing, no plugins.
 */
export const securityHeaders: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};
