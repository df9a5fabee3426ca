/** The server takes JPEG or PNG up to 5 MiB; a phone's camera gives 3–12 MB. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
const KEEP_AS_IS_BYTES = 1.5 * 1024 * 1024;
const MAX_SIDE = 1600;

const isJpegOrPng = (type: string): boolean => type === 'image/jpeg' || type === 'image/png';

/**
 * A photo made ready to wait in the queue and upload over a weak signal: scaled to at most 1600 px on its
 * long side as JPEG (a few hundred KB). A small JPEG or PNG goes as it is; one the browser cannot draw
 * goes as it is if the server would take it, else it is refused here.
 */
export async function photoForUpload(file: Blob): Promise<{ blob: Blob; type: string }> {
  if (isJpegOrPng(file.type) && file.size <= KEEP_AS_IS_BYTES) return { blob: file, type: file.type };
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (blob) return { blob, type: 'image/jpeg' };
  } catch {
    // not drawable here (an unusual format): sent as it is below if the server takes it
  }
  if (isJpegOrPng(file.type) && file.size <= PHOTO_MAX_BYTES) return { blob: file, type: file.type };
  throw new Error('unreadable photo');
}

/** A picture chosen as the stamp (盖章) as a data URL the sign-off accepts (at most about 500 KB). */
export async function stampDataUrl(file: Blob, maxChars = 650_000): Promise<string> {
  const { blob, type } = await photoForUpload(file);
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob.type ? blob : new Blob([blob], { type }));
  });
  if (url.length > maxChars) throw new Error('stamp too large');
  return url;
}
