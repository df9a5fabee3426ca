import { spawn } from 'node:child_process';

/** supertest's parser for a binary body: the response is a Node stream. */
export const binary = (res: any, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The text a PDF reader extracts, by a real parser (pdf.js) in its own process. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const script = "const {PDFParse}=require('pdf-parse');let b=[];process.stdin.on('data',c=>b.push(c)).on('end',async()=>{const r=await new PDFParse({data:Buffer.concat(b)}).getText();process.stdout.write(r.text)})";
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd() });
  const out: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stdin.end(pdf);
  await new Promise((resolve) => child.on('close', resolve));
  return Buffer.concat(out).toString('utf8');
}
