/**
 * The printable report (`GET /api/wearers/:id/report?from&to`, HTML) opened in a new tab. The API wants the
 * bearer token, which a plain link cannot send, so the page is fetched here and shown from a blob URL. The
 * tab is opened at the click itself (a tab opened after an await is a popup the browser may block) and
 * pointed at the report once it has arrived.
 */
import { ApiError } from '../../lib/api/client.js';
import { session } from '../../lib/session.svelte.js';

/** How long the blob stays valid after the tab was pointed at it (the tab keeps the page it loaded), ms. */
const BLOB_LIFETIME_MS = 60_000;

export interface ReportPeriod {
  label: string;
  days: number;
}

export const REPORT_PERIODS: readonly ReportPeriod[] = Object.freeze([
  { label: 'Last 7 days', days: 7 },
  { label: 'Last 14 days', days: 14 },
  { label: 'Last 28 days', days: 28 },
]);

async function fetchReport(wearerId: string, fromMs: number, toMs: number): Promise<Blob> {
  const url = `/api/wearers/${encodeURIComponent(wearerId)}/report?from=${Math.round(fromMs)}&to=${Math.round(toMs)}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'text/html', ...(session.token ? { authorization: `Bearer ${session.token}` } : {}) } });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The service cannot be reached. Check your connection and try again.');
  }
  if (!res.ok) {
    let code = `HTTP_${res.status}`;
    let message = `The service answered ${res.status}.`;
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      /* not JSON: the status says it */
    }
    if (res.status === 401 && session.token) session.expired();
    throw new ApiError(res.status, code, message);
  }
  return new Blob([await res.arrayBuffer()], { type: 'text/html;charset=utf-8' });
}

/** Opens the report of the last `days` days in a new tab (or this one when popups are blocked). */
export async function openPrintableReport(wearerId: string, days: number, nowMs = Date.now()): Promise<void> {
  const tab = window.open('', '_blank');
  tab?.document.write('<p style="font: 1rem system-ui; margin: 2rem">Preparing the report…</p>');
  try {
    const blob = await fetchReport(wearerId, nowMs - days * 86_400_000, nowMs);
    const url = URL.createObjectURL(blob);
    if (tab) tab.location.href = url;
    else window.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), BLOB_LIFETIME_MS);
  } catch (error) {
    tab?.close();
    throw error;
  }
}
