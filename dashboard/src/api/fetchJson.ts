import { errorFromResponse } from './ApiError.ts';

export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) throw await errorFromResponse(res);
  return (await res.json()) as T;
}
