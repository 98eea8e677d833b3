/**
 * Opening a complaint from a news story: the filing form's starting values travel in the history
 * state of `/complaints/new` (never in the address, so they stay out of logs and bookmarks), and
 * once the complaint is filed each article's address is added to it as an evidence link.
 */
import type { ApiClient } from '../../platform/api-client.ts';

export interface ComplaintPrefill {
  readonly title: string;
  /** `datetime-local` values (the browser's local time), or empty. */
  readonly from: string;
  readonly to: string;
  /** A gazetteer place named by the story, if any. */
  readonly placeId: string | null;
  readonly narrative: string;
  /** The story's articles with an address: added as evidence links after filing. */
  readonly links: ReadonlyArray<{ readonly url: string; readonly title: string }>;
}

const KEY = 'complaintPrefill';

/** The state to navigate to `/complaints/new` with. */
export const prefillState = (prefill: ComplaintPrefill) => ({ [KEY]: prefill });

/** The prefill the filing form was opened with, if any. */
export function readComplaintPrefill(): ComplaintPrefill | undefined {
  const state: unknown = typeof window === 'undefined' ? undefined : window.history.state;
  if (typeof state !== 'object' || state === null) return undefined;
  const value = (state as Record<string, unknown>)[KEY];
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Partial<ComplaintPrefill>;
  if (typeof p.title !== 'string') return undefined;
  return {
    title: p.title,
    from: typeof p.from === 'string' ? p.from : '',
    to: typeof p.to === 'string' ? p.to : '',
    placeId: typeof p.placeId === 'string' ? p.placeId : null,
    narrative: typeof p.narrative === 'string' ? p.narrative : '',
    links: Array.isArray(p.links)
      ? p.links.filter(
          (l): l is { url: string; title: string } =>
            typeof l?.url === 'string' && /^https?:\/\//.test(l.url) && typeof l.title === 'string',
        )
      : [],
  };
}

/** Adds each article's address to the filed complaint as an evidence link. */
export async function addStoryLinks(
  api: ApiClient,
  complaintId: string,
  prefill: ComplaintPrefill | undefined,
  visibility: string,
): Promise<void> {
  for (const link of prefill?.links ?? []) {
    await api.request('POST', `/complaints/${complaintId}/evidence`, {
      body: {
        type: 'link',
        title: (link.title || link.url).slice(0, 200),
        url: link.url,
        visibility,
      },
    });
  }
}
