import { describe, expect, it } from "vitest";
import { redactText } from "../../runtime/logger.ts";

/** The manage page links to the guest's name page under the manage link's token: logs keep neither token. */
describe("log redaction of the manage link", () => {
  it("takes the token out of a manage link, its calendar file and its name page", () => {
    const token = "k1.ev-1.abcdefghijklmnop.manage.mr20ww00.mpv5pc00.IteXm46o2NVnZrXUvEq96Q";
    expect(redactText(`GET /l/manage/${token}`)).toBe("GET /l/manage/[token]");
    expect(redactText(`GET /l/manage/${token}/calendar.ics`)).toBe("GET /l/manage/[token]/calendar.ics");
    expect(redactText(`POST /name/manage/${token}`)).toBe("POST /name/manage/[token]");
  });
});
