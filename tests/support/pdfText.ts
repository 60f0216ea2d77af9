import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * The text of a PDF as a reader would copy it, read by pdf-parse in a Node process of its own
 * (`pdfTextOf.mjs`). CJK fonts map some characters to compatibility forms (⽉ for 月): the text
 * is NFKC-normalised.
 */
export function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [path.join(__dirname, 'pdfTextOf.mjs')], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`pdf-parse failed: ${stderr || error.message}`));
      const parsed = JSON.parse(stdout) as { text: string; pages: number };
      resolve({ text: parsed.text.normalize('NFKC'), pages: parsed.pages });
    });
    child.stdin!.end(pdf);
  });
}
