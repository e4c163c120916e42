import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { type EventRecord, headcountOf } from "../../contracts/event.ts";
import type { RsvpStatus } from "../../contracts/http.ts";
import { formatStartsAt } from "./event-time.ts";
import { pageStyle } from "./inline-assets.ts";

/**
 * The pages of the HTTP surface. Every value is interpolated through hono's `html` template, which escapes
 * it: event and guest names are typed by strangers. Pages work without JavaScript.
 */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Whether an event takes registrations right now, and if not, why. */
export type RegistrationState = "open" | "closed" | "started";

/** The page frame every HTML page shares: head, style, CSP-safe assets. */
export function layout(title: string, content: Html, head: Html | null = null): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · rsvp</title>
${head}
<style>${raw(pageStyle)}</style>
</head>
<body><main>
${content}
</main></body>
</html>`;
}

export function landingPage(): Html {
  return layout(
    "rsvp",
    html`<h1>rsvp</h1>
<p>An event RSVP manager: guest list, waitlist, reminders.</p>
<p class="note">Open the registration link your host shared to sign up for an event.</p>`,
  );
}

export function registerPage(event: EventRecord, state: RegistrationState): Html {
  const { open } = headcountOf(event);
  const availability =
    state === "closed"
      ? html`<p><strong>Registration is closed.</strong></p>`
      : state === "started"
        ? html`<p><strong>This event has started; registration is closed.</strong></p>`
        : open > 0
          ? html`<p>${open} of ${event.capacity} ${event.capacity === 1 ? "seat" : "seats"} left.</p>`
          : html`<p>All ${event.capacity} seats are taken. Register to join the waitlist
(${event.waitlisted} waiting).</p>`;
  const form =
    state === "open"
      ? html`<form method="post" action="/e/${event.eventId}/rsvp" accept-charset="utf-8">
<label>Your name <input name="name" required maxlength="200" autocomplete="name"></label>
<label>Email <input name="email" type="email" required maxlength="254" autocomplete="email"></label>
<button type="submit">${open > 0 ? "Register" : "Join the waitlist"}</button>
</form>`
      : null;
  return layout(
    event.name,
    html`<h1>${event.name}</h1>
<p>${formatStartsAt(event.startsAt, event.timeZone)}</p>
${availability}
${form}`,
  );
}

export function acceptedPage(event: EventRecord, statusPath: string): Html {
  return layout(
    "Registration received",
    html`<h1>Thanks, we got your registration</h1>
<p>for <strong>${event.name}</strong>. It takes a moment to find you a seat.</p>
<p><a href="${statusPath}">See whether you're in</a> (keep this link to check later).</p>`,
  );
}

/**
 * A registration's status page. While the keeper has not answered it refreshes itself: every 2 seconds, and
 * every 30 once the wait is unusual (no need to poll a stuck queue hard); a set-aside registration waits for
 * a person, so it does not refresh.
 */
export function statusPage(event: EventRecord, status: RsvpStatus, now: Date): Html {
  const every = status.state === "processing" ? (status.delayed ? 30 : 2) : null;
  const refresh = every === null ? null : html`<meta http-equiv="refresh" content="${every}">`;
  return layout(
    `Your registration for ${event.name}`,
    html`<p class="note">${event.name} · ${formatStartsAt(event.startsAt, event.timeZone)}</p>
${statusText(status, now)}
<p class="note"><a href="/e/${event.eventId}">Back to the event</a></p>`,
    refresh,
  );
}

/** "just now", "3 minutes ago", "2 hours ago", "4 days ago": how long ago an instant was, in whole units. */
function ago(then: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(then)) / 60_000));
  const [n, unit] =
    minutes < 120
      ? [minutes, "minute"]
      : minutes < 48 * 60
        ? [Math.floor(minutes / 60), "hour"]
        : [Math.floor(minutes / 1440), "day"];
  if (n === 0) return "just now";
  return `${n} ${unit}${n === 1 ? "" : "s"} ago`;
}

const registerAgain = html`Registering again does no harm: an address is registered only once for an event,
so you will never be counted twice.`;

function statusText(status: RsvpStatus, now: Date): Html {
  switch (status.state) {
    case "processing":
      if (status.delayed && status.submittedAt)
        return html`<h1>This is taking longer than usual</h1>
<p>You registered ${ago(status.submittedAt, now)}; a registration normally takes a few seconds. We have
yours, but it has not been processed yet.</p>
<p>Keep this link: this page checks again by itself and will show what became of it. If it still says this
in an hour, let the host know. ${registerAgain}</p>`;
      return html`<h1>Still processing…</h1>
<p>We are finding you a seat. This page refreshes by itself.</p>`;
    case "set-aside":
      return html`<h1>Your registration is stuck</h1>
<p>We have it, but processing it failed every time we tried, so it was set aside ${ago(status.failedAt, now)}
for the people who run this site to look into. Once they retry it, this page shows whether you're in.</p>
<p>You can let the host know, or try registering again. ${registerAgain}</p>`;
    case "refused":
      return html`<h1>We could not register you</h1><p>Because ${status.reason}.</p>`;
    case "failed":
      return html`<h1>Something went wrong</h1><p>${status.reason}. Please register again.</p>`;
    case "check-email":
      return html`<h1>Check your email</h1>
<p>We have sent an email to the address you gave. It says where you stand for this event and holds your
links to manage your RSVP.</p>`;
    default:
      return guestText(status.state, status.name, status.position);
  }
}

function guestText(state: string, name: string, position: number | null): Html {
  switch (state) {
    case "confirmed":
      return html`<h1>You're in, ${name}!</h1><p>Your seat is confirmed.</p>`;
    case "waitlisted":
      return html`<h1>You're on the waitlist, ${name}</h1>
<p>You are number <strong>${position ?? "?"}</strong> in line. If a seat frees up, we will email you an offer.</p>`;
    case "offered":
      return html`<h1>A seat is waiting for you, ${name}</h1>
<p>Claim it with the link in the email we sent you before the offer runs out.</p>`;
    case "pending":
      return html`<h1>You're invited, ${name}</h1><p>Confirm with the link in your invitation email.</p>`;
    case "lapsed":
      return html`<h1>Your offer lapsed, ${name}</h1><p>The seat went to the next person in line. To come after
all, register again with the same address: you join the end of the line.</p>`;
    default:
      return html`<h1>Registration cancelled</h1><p>${name}, your registration is cancelled. To come after all,
register again with the same address.</p>`;
  }
}

export interface ErrorPageProps {
  title: string;
  message: string;
  issues?: readonly string[] | undefined;
  /** What the reader can do about it. */
  hint: string;
}

export function errorPage({ title, message, issues = [], hint }: ErrorPageProps): Html {
  return layout(
    title,
    html`<h1>${title}</h1>
<div class="problem"><p>${message}</p>
${issues.length > 0 ? html`<ul>${issues.map((i) => html`<li>${i}</li>`)}</ul>` : null}</div>
<p class="note">${hint}</p>`,
  );
}
