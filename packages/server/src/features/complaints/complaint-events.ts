/**
 * What the complaints feature tells the rest of the system, inside the transaction of the change.
 * The notifications feature implements it (inbox rows and webhook deliveries, committed together
 * with the change, delivered afterwards); the complaints feature knows nothing of how.
 */
import type { Db } from '../../platform/database/database.ts';
import type { ComplaintRow } from './complaints.repository.ts';

export const COMPLAINT_EVENTS = [
  /** A new complaint waits for registration: the mediators. */
  'complaint.filed',
  /** A complaint names your party and your reply window is open: the accused party. */
  'complaint.names_your_party',
  /** The reply deadline is near: the accused party and the mediators. */
  'complaint.reply_due_soon',
  /** The deadline passed with no reply: the accused party, the filer and the mediators. */
  'complaint.reply_overdue',
  /** The accused party answered: the filer and the mediators. */
  'complaint.reply_received',
  /** A draft finding waits for your organisation's sign-off or dissent: the mediators. */
  'finding.awaiting_review',
  /** A finding was issued: both parties and the mediators. */
  'finding.issued',
] as const;
export type ComplaintEvent = (typeof COMPLAINT_EVENTS)[number];

export interface ComplaintEventSink {
  /** Records the event for its recipients in `tx`; never performs network I/O itself. */
  emit(tx: Db, event: ComplaintEvent, complaint: ComplaintRow, now: Date): Promise<void>;
}

/** For tools that need no notifications (benchmarks' bulk loads). */
export const noEvents: ComplaintEventSink = { emit: async () => {} };
