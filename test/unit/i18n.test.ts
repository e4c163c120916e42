import { describe, expect, it } from "vitest";
import { formatDateTime, translator } from "../../i18n/index.ts";

describe("message catalogs", () => {
  it("speak the event's language and fall back to English for nothing", () => {
    expect(translator("en")("mail.via", { name: "Ana" })).toBe("Ana via rsvp");
    expect(translator("de")("mail.via", { name: "Ana" })).toBe("Ana über rsvp");
  });

  it("leave interpolated values unescaped, for plain text; HTML renderers escape", () => {
    expect(translator("en")("mail.via", { name: "<Ana & Bo>" })).toBe("<Ana & Bo> via rsvp");
  });

  it("format a time in the event's zone and language", () => {
    const at = new Date("2026-12-14T13:00:00Z");
    expect(formatDateTime("en", at, "Europe/Berlin")).toContain("14:00");
    expect(formatDateTime("de", at, "Europe/Berlin")).toMatch(/So\.|Mo\./);
  });
});
