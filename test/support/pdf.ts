import { spawn } from 'node:child_process';

/** supertest's parser for a binary body: the response is a Node stream. */
export const binary = (res: any, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** The text a PDF reader extracts, by a real parser (pdf.js) in its own process. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const script =
    "const {PDFParse}=require('pdf-parse');let b=[];process.stdin.on('data',c=>b.push(c)).on('end',async()=>{const r=await new PDFParse({data:Buffer.concat(b)}).getText();process.stdout.write(r.text)})";
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd() });
  const out: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stdin.end(pdf);
  await new Promise((resolve) => child.on('close', resolve));
  return Buffer.concat(out).toString('utf8');
}

/** The texts of several PDFs by one parser process: starting pdf.js costs more than parsing a small PDF. */
export async function pdfTexts(pdfs: Buffer[]): Promise<string[]> {
  if (pdfs.length === 0) return [];
  const script =
    "const {PDFParse}=require('pdf-parse');let b=[];process.stdin.on('data',c=>b.push(c)).on('end',async()=>{const out=[];for(const d of JSON.parse(Buffer.concat(b).toString())){try{out.push((await new PDFParse({data:Buffer.from(d,'base64')}).getText()).text)}catch(e){out.push('unreadable PDF: '+e.message)}}process.stdout.write(JSON.stringify(out))})";
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd() });
  const out: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stdin.end(JSON.stringify(pdfs.map((p) => p.toString('base64'))));
  await new Promise((resolve) => child.on('close', resolve));
  return JSON.parse(Buffer.concat(out).toString('utf8')) as string[];
}
