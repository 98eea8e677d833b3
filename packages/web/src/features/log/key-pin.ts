/**
 * Trust on first use for the log's verifier key: the first key that signs a valid checkpoint is
 * remembered in this browser, and a different key later is reported instead of trusted.
 */
import type { LogKeyPin } from './verify-record.ts';

export const LOG_KEY_STORAGE_KEY = 'truceline.logKey';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    // Storage disabled by privacy settings: the key is then trusted for this visit only.
    return undefined;
  }
}

export const browserKeyPin: LogKeyPin = {
  remembered() {
    try {
      return storage()?.getItem(LOG_KEY_STORAGE_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  },
  remember(verifierKey) {
    try {
      storage()?.setItem(LOG_KEY_STORAGE_KEY, verifierKey);
    } catch {
      // Quota or privacy mode: nothing to remember with.
    }
  },
};
