import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/**
 * The pages load only their own scripts and styles (no inline code), the socket.io client and chart.js
 * from this server, and show signatures and photos as data: or blob: URLs. No upgrade-insecure-requests:
 * installations on a closed network often serve plain HTTP, where it would break every page.
 */
const PAGES = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  'upgrade-insecure-requests': null,
};

/** Swagger UI (at /api/docs) writes inline styles; it gets them, and nothing else more. */
const DOCS = { ...PAGES, 'style-src': ["'self'", "'unsafe-inline'"] };

const forPages = helmet({ contentSecurityPolicy: { useDefaults: false, directives: PAGES } });
const forDocs = helmet({ contentSecurityPolicy: { useDefaults: false, directives: DOCS } });

/** helmet's headers on every answer (CSP, nosniff, frame and referrer policies, no X-Powered-By). */
export function securityHeaders(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
  (req.url?.startsWith('/api/docs') ? forDocs : forPages)(req, res, next);
}
