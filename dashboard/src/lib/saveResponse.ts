import { errorFromResponse } from '../api/ApiError.ts';
import { saveBlob } from './downloadText.ts';

/** The file name a content-disposition header gives, if any. */
export function attachmentName(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) return decodeURIComponent(star[1]);
  return /filename="?([^";]+)"?/i.exec(header)?.[1];
}

/**
 * Downloads a server file through fetch (not a bare link), so a refusal (too many rows, a
 * bad filter, no pseudonymisation key) shows as a message on the page instead of saving
 * an error as a file. Returns the saved file's name and its row count when the server says.
 */
export async function saveResponse(url: string): Promise<{ filename: string; rows?: number }> {
  const res = await fetch(url);
  if (!res.ok) throw await errorFromResponse(res);
  const blob = await res.blob();
  const filename = attachmentName(res.headers.get('content-disposition')) ?? 'export';
  saveBlob(filename, blob);
  const rows = res.headers.get('x-row-count');
  return { filename, rows: rows === null ? undefined : Number(rows) };
}
