/**
 * The mail ports: an email as rendered, the mailer that sends it (SMTP or the outbox embedded, SES on AWS),
 * the outbox's reading side, and the delivery problems the host sees. Split from core/ports.ts.
 */
/** One email, rendered. */
export interface OutgoingEmail {
  /**
   * Idempotency key: at most one email per key, however often the change behind it is delivered. Derived
   * from what caused it: (guest, version) for a transition, (command, guest) for a host message.
   */
  key: string;
  eventId: string;
  /** The guest it is about, if any (the host's daily summary is about none). */
  guestId: string | null;
  to: string;
  /**
   * The From display name ("Ana's Winter Party via rsvp"); the mailer puts it before the configured sender's
   * address. Absent: the configured From as it is.
   */
  fromName?: string;
  subject: string;
  text: string;
  html: string;
  /** Every action link in the email by action name (confirm, cancel, claim, decline, …): for tests and the CLI. */
  links: Record<string, string>;
  /**
   * Files sent with the email. `content` is text, or base64 with `encoding: "base64"` (an image); an image
   * the HTML shows inline (`<img src="cid:…">`) names its Content-ID in `cid`.
   */
  attachments: {
    filename: string;
    contentType: string;
    content: string;
    encoding?: "base64";
    cid?: string;
  }[];
  headers: Record<string, string>;
}

/** Sends email: SMTP or a browsable outbox in the embedded runtime, SES on AWS. */
export interface Mailer {
  /** Queues an email for delivery; false when an email with this key was sent or queued before. */
  send(email: OutgoingEmail): Promise<boolean>;
  /**
   * A guest's data was erased: what is still queued for them is not delivered, and what is kept of their emails
   * (the embedded outbox) loses address, text and links; the keys stay, so nothing is sent again. Absent where
   * nothing is kept (the AWS send jobs: the Send function reads the guest's row before each send instead, as the
   * embedded delivery loop does too; core/mail-recipient.ts).
   */
  forgetGuest?(eventId: string, guestId: string): Promise<void>;
}

/**
 * Where a stored email stands: `outbox` (kept for reading only: no mail server is configured), `pending`
 * (waiting for its next delivery attempt), `sent`, or `failed` (given up on).
 */
export type MailState = "outbox" | "pending" | "sent" | "failed";

/** An email as the mailer keeps it, with its delivery state. */
export interface StoredEmail extends OutgoingEmail {
  /** When it was queued, UTC ISO-8601. */
  createdAt: string;
  state: MailState;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
}

/** The reading side of the mailer: the browsable outbox and `rsvp outbox`. */
export interface OutboxReader {
  /** Emails newest first, optionally of one event; at most `limit` (default 200). */
  list(query?: { eventId?: string; limit?: number }): Promise<StoredEmail[]>;
  get(key: string): Promise<StoredEmail | null>;
}

/** An email that did not reach its guest: it bounced, the guest marked it as spam, or delivery gave up on it. */
export interface DeliveryProblem {
  email: string;
  kind: "bounce" | "complaint" | "failed";
  /** When it was reported, UTC ISO-8601. */
  at: string;
  /** What the receiving server or the delivery said, when known. */
  detail: string | null;
}

/** The delivery problems of an event's emails, for the host page (newest first). */
export interface DeliveryProblems {
  list(eventId: string, limit?: number): Promise<DeliveryProblem[]>;
  /**
   * A guest's data was erased: the event's problems reported for `address` name `replacement` (the erased row's
   * address) instead, SES's words too. Absent where the problems are the mailer's own emails, which its
   * `forgetGuest` blanks already (the embedded outbox).
   */
  forgetAddress?(eventId: string, address: string, replacement: string): Promise<void>;
}
