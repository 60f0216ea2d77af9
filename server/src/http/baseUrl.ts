import type { Request } from 'express';

/** Absolute URLs in responses use REFUTE_PUBLIC_URL when set, else the address the caller used
 * (through a proxy trusted by REFUTE_TRUST_PROXY, the one it reports). */
export function baseUrlOf(req: Request): string {
  const configured = req.app.locals.publicUrl as string | undefined;
  return configured ?? `${req.protocol}://${req.host ?? 'localhost'}`;
}
