import type * as QRCode from 'qrcode';
import { escapeHtml } from './pageContext';
import { loadAtFirstUse } from '../../loadAtFirstUse';

/**
 * A QR code of `url` as inline SVG: people share pages by scanning them in chat apps. Kept per
 * URL, since a page's URL never changes.
 */
const kept = new Map<string, string>();
const MAX_KEPT = 1000;

/** qrcode (and its PNG encoder, some sixty files) on the first page drawn, not at every start. */
function qrCode(): typeof QRCode {
  return loadAtFirstUse<typeof QRCode>('qrcode');
}

export async function qrCodeSvg(url: string, label: string): Promise<string> {
  let svg = kept.get(url);
  if (!svg) {
    svg = await qrCode().toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
    if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(url, svg);
  }
  return svg.replace('<svg ', `<svg role="img" aria-label="${escapeHtml(label)}" `);
}
