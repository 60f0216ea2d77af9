// Prints the text of the PDF read from stdin, with pdf-parse (Mozilla's pdf.js). Run by
// pdfText.ts in a plain Node process: pdf.js loads its worker by a dynamic import, which jest's
// module system does not offer.
import { PDFParse } from 'pdf-parse';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
try {
  const result = await parser.getText();
  process.stdout.write(JSON.stringify({ text: result.text, pages: result.total }));
} finally {
  await parser.destroy();
}
