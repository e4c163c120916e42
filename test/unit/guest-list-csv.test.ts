import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseGuestListCsv } from "../../producers/import/guest-list-csv.ts";

/** Shared, read-only fixtures: real exports of other tools (some header-only: the layout is what counts). */
const fixtures = new URL("../../../shared/fixtures/import/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, fixtures));

/** A CSV line with every cell quoted (as an export would write it). */
const csvLine = (cells: readonly string[]) => cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(",");

/**
 * A header-only fixture plus one row: `values` by column name, every other column filled with a decoy, so
 * the test shows which columns the reader took the name and the address from.
 */
function withRow(name: string, values: Record<string, string>): string {
  const text = fixture(name).toString("utf8");
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const [headerLine] = text.split(newline);
  const header = parseHeader(headerLine!);
  const row = header.map((h) => values[h] ?? `decoy ${h}`);
  return `${text.endsWith(newline) ? text : text + newline}${csvLine(row)}${newline}`;
}

function parseHeader(line: string): string[] {
  return line
    .replace(/^\uFEFF/, "")
    .split(",")
    .map((h) => h.replace(/^"|"$/g, ""));
}

describe("the shared fixtures", () => {
  it.each(readdirSync(fixtures).filter((f) => f.endsWith(".csv")))(
    "%s reads without errors or duplicates",
    (name) => {
      const list = parseGuestListCsv(fixture(name));
      expect(list.errors).toEqual([]);
      expect(list.duplicates).toEqual([]);
    },
  );

  it("an Eventbrite attendee report gives its attendees in order, first and last name joined", () => {
    // CRLF line ends, quoted fields with commas ("City1, CA"), no newline after the last row.
    expect(parseGuestListCsv(fixture("eventbrite-attendee-report.csv")).rows).toEqual([
      { line: 2, name: "John Doe", email: "jdoe1@test1mail.com" },
      { line: 3, name: "Jane Doe", email: "jdoe2@test2mail.com" },
      { line: 4, name: "Joe Bloggs", email: "jbloggs@test3mail.com" },
    ]);
  });

  it("a Thunderbird address book reads the same guests from its comma and its semicolon export", () => {
    const expected = [
      { line: 2, name: "John Doe", email: "john@doe.invalid" },
      { line: 3, name: "Jane Doe", email: "jane@doe.invalid" },
    ];
    expect(parseGuestListCsv(fixture("thunderbird-addressbook-export.csv")).rows).toEqual(expected);
    expect(parseGuestListCsv(fixture("thunderbird-addressbook-semicolon.csv")).rows).toEqual(expected);
  });

  it("Thunderbird: the display name wins over first and last name, the primary address over the secondary", () => {
    const text = withRow("thunderbird-addressbook-export.csv", {
      "First Name": "Ana",
      "Last Name": "Lima",
      "Display Name": "Ana M. Lima",
      Nickname: "Nana",
      "Primary Email": "ana@example.org",
      "Secondary Email": "ana.other@example.org",
    });
    expect(parseGuestListCsv(text).rows).toContainEqual({
      line: 4,
      name: "Ana M. Lima",
      email: "ana@example.org",
    });
  });

  it("Google Contacts: the address is 'E-mail 1 - Value' (not its label), the name first, middle and last", () => {
    const text = withRow("google-contacts-current.header-only.csv", {
      "First Name": "Ana",
      "Middle Name": "Maria",
      "Last Name": "Lima",
      "Phonetic First Name": "A-na",
      Nickname: "Nana",
      "File As": "Lima, Ana",
      "Name Prefix": "Dr.",
      "E-mail 1 - Label": "* Home",
      "E-mail 1 - Value": "ana@example.org",
      "E-mail 2 - Value": "ana.work@example.org",
    });
    expect(parseGuestListCsv(text)).toEqual({
      rows: [{ line: 2, name: "Ana Maria Lima", email: "ana@example.org" }],
      errors: [],
      duplicates: [],
    });
  });

  it("Outlook: the address is 'E-mail Address', not its type or display name", () => {
    const text = withRow("outlook-desktop-contacts.header-only.csv", {
      Title: "Dr.",
      "First Name": "Ana",
      "Middle Name": "",
      "Last Name": "Lima",
      Suffix: "Jr.",
      "E-mail Address": "ana@example.org",
      "E-mail Type": "SMTP",
      "E-mail Display Name": "Ana Lima (ana@example.org)",
      "E-mail 2 Address": "ana.two@example.org",
      "Manager's Name": "Bo Boss",
      "Assistant's Name": "Cy Help",
    });
    expect(parseGuestListCsv(text).rows).toEqual([{ line: 2, name: "Ana Lima", email: "ana@example.org" }]);
  });

  it("Luma (BOM, CRLF): 'name' beside first_name and last_name is the whole name", () => {
    const text = withRow("luma-guest-export.header-only.csv", {
      api_id: "gst-1",
      name: "Ana Lima-Souza",
      first_name: "Ana",
      last_name: "Lima",
      email: "ana@example.org",
      ticket_name: "General",
    });
    expect(parseGuestListCsv(text).rows).toEqual([
      { line: 2, name: "Ana Lima-Souza", email: "ana@example.org" },
    ]);
  });
});

describe("reading a guest list", () => {
  it("refuses a file without an email column with one error naming its columns", () => {
    expect(parseGuestListCsv("Name,Phone\nAna Lima,+49 30 1234\n")).toEqual({
      rows: [],
      errors: [
        {
          line: 1,
          message:
            'no email column: the header line names "Name", "Phone"; name the column that holds the addresses "email"',
        },
      ],
      duplicates: [],
    });
  });

  it("refuses a list without a header line, saying its first line looks like a guest", () => {
    const list = parseGuestListCsv("Ana Lima,ana@example.org\nBo,bo@example.org\n");
    expect(list.rows).toEqual([]);
    expect(list.errors).toEqual([
      {
        line: 1,
        message:
          'no email column: the first line looks like a guest ("Ana Lima", "ana@example.org"), not column names; add a header line such as name,email',
      },
    ]);
  });

  it("refuses an empty file", () => {
    expect(parseGuestListCsv("\r\n\r\n").errors).toEqual([
      { line: 1, message: "the file is empty: expected a header line (e.g. name,email)" },
    ]);
  });

  it("reports a bad address by its line with the contract's message and keeps the other rows", () => {
    const list = parseGuestListCsv("name,email\nAna,ana@example.org\nBo,bo@\nCy,\nDa,da@example.org\n");
    expect(list.rows.map((r) => [r.line, r.name])).toEqual([
      [2, "Ana"],
      [5, "Da"],
    ]);
    expect(list.errors).toEqual([
      { line: 3, message: 'email must be a valid address like ana@example.org (got "bo@")' },
      { line: 4, message: "email is required" },
    ]);
  });

  it("numbers lines as an editor does: blank lines and line breaks inside quoted fields count", () => {
    const text = [
      "name,email,notes",
      "",
      'Ana,ana@example.org,"two',
      'lines"',
      "Bo,bo-at-example.org,",
      "",
      '"Cy",cy@example.org,"three\r\nlines\rhere"',
      "Da,da@",
    ].join("\r\n");
    const list = parseGuestListCsv(text);
    expect(list.rows.map((r) => [r.line, r.name])).toEqual([
      [3, "Ana"],
      [7, "Cy"],
    ]);
    expect(list.errors.map((e) => e.line)).toEqual([5, 10]);
  });

  it("skips a repeated address, in any case, as a duplicate of its first line", () => {
    const list = parseGuestListCsv(
      "name,email\nAna,ana@example.org\nBo,bo@example.org\nAna again, ANA@Example.org \nBo,bo@example.org\n",
    );
    expect(list.rows.map((r) => r.email)).toEqual(["ana@example.org", "bo@example.org"]);
    expect(list.duplicates).toEqual([
      { line: 4, email: "ANA@Example.org", firstLine: 2 },
      { line: 5, email: "bo@example.org", firstLine: 3 },
    ]);
  });

  it("a row with a bad name does not claim its address: a later good row with it is kept", () => {
    const list = parseGuestListCsv(`name,email\n${"x".repeat(201)},ana@example.org\nAna,ana@example.org\n`);
    expect(list.errors).toEqual([
      { line: 2, message: `name must be at most 200 characters (got "${"x".repeat(60)}…")` },
    ]);
    expect(list.rows).toEqual([{ line: 3, name: "Ana", email: "ana@example.org" }]);
  });

  it("refuses a name with a line break inside quotes as a control character", () => {
    for (const newline of ["\r\n", "\n", "\r"]) {
      const list = parseGuestListCsv(`name,email\n"Ana${newline}Lima",ana@example.org\nBo,bo@example.org\n`);
      expect(list.errors).toEqual([
        {
          line: 2,
          message: `name must be a single line without control characters (got ${JSON.stringify(`Ana${newline}Lima`)})`,
        },
      ]);
      // The quoted name spans lines 2 and 3 in an editor, whichever the line break.
      expect(list.rows).toEqual([{ line: 4, name: "Bo", email: "bo@example.org" }]);
    }
  });

  it("takes a BOM off the first column's name, in a string or in the file's bytes", () => {
    const text = "\uFEFFemail,name\nana@example.org,Ana\n";
    const expected = [{ line: 2, name: "Ana", email: "ana@example.org" }];
    expect(parseGuestListCsv(text).rows).toEqual(expected);
    expect(parseGuestListCsv(Buffer.from(text, "utf8")).rows).toEqual(expected);
  });

  it.each([
    ["comma", ","],
    ["semicolon", ";"],
    ["tab", "\t"],
  ])("detects a %s between fields, also when names hold the others", (_, delimiter) => {
    const cells = [
      ["Name", "Email"],
      ["Lima, Ana; Maria", "ana@example.org"],
      ["Bo; B, Boss", "bo@example.org"],
    ];
    const text = cells.map((row) => row.map((c) => `"${c}"`).join(delimiter)).join("\n");
    expect(parseGuestListCsv(text).rows.map((r) => r.email)).toEqual(["ana@example.org", "bo@example.org"]);
    expect(parseGuestListCsv(text).rows[0]!.name).toBe("Lima, Ana; Maria");
  });

  it.each([
    ["CRLF", "\r\n"],
    ["LF", "\n"],
    ["CR", "\r"],
  ])("reads %s line ends", (_, newline) => {
    const text = ["name,email", "Ana,ana@example.org", "", "Bo,bo@example.org", ""].join(newline);
    expect(parseGuestListCsv(text).rows).toEqual([
      { line: 2, name: "Ana", email: "ana@example.org" },
      { line: 4, name: "Bo", email: "bo@example.org" },
    ]);
  });

  it.each([
    ["German", "Vorname;Name;E-Mail-Adresse", "Ana;Lima;ana@example.org", "Ana Lima"],
    ["French", "Prénom;Nom;Adresse e-mail", "Ana;Lima;ana@example.org", "Ana Lima"],
    ["French, one column", "Nom complet;Courriel", "Ana Lima;ana@example.org", "Ana Lima"],
    ["Spanish", "Nombre;Apellidos;Correo electrónico", "Ana;Lima;ana@example.org", "Ana Lima"],
    ["Italian", "Nome;Cognome;Indirizzo email", "Ana;Lima;ana@example.org", "Ana Lima"],
    ["Italian, one column", "Nome e cognome;Posta elettronica", "Ana Lima;ana@example.org", "Ana Lima"],
    ["Dutch", "Voornaam;Achternaam;E-mailadres", "Ana;Lima;ana@example.org", "Ana Lima"],
    ["Swedish", "Förnamn;Efternamn;E-post", "Ana;Lima;ana@example.org", "Ana Lima"],
    ["snake case", "guest_name,email_address", "Ana Lima,ana@example.org", "Ana Lima"],
    ["upper case", "FULL NAME,E-MAIL", "Ana Lima,ana@example.org", "Ana Lima"],
  ])("recognises %s column names", (_, header, row, name) => {
    expect(parseGuestListCsv(`${header}\n${row}\n`).rows).toEqual([
      { line: 2, name, email: "ana@example.org" },
    ]);
  });

  it("names a guest without a name after the local part of the address", () => {
    const list = parseGuestListCsv("email,first name,last name\nana.lima@example.org,,\n bo@example.org \n");
    expect(list.rows).toEqual([
      { line: 2, name: "ana.lima", email: "ana.lima@example.org" },
      { line: 3, name: "bo", email: "bo@example.org" },
    ]);
  });

  it("skips empty rows of a spreadsheet silently", () => {
    const list = parseGuestListCsv(
      "name,email,phone\nAna,ana@example.org,\n,,\n  , ,\t\nBo,bo@example.org,\n",
    );
    expect(list.rows.map((r) => r.line)).toEqual([2, 5]);
    expect(list.errors).toEqual([]);
  });

  it("reads Windows-1252 (older Outlook and Excel) and UTF-16 with a BOM (Excel's Unicode text)", () => {
    const latin1 = Buffer.from("Name,Email\nJürgen Müller,jm@example.org\n", "latin1");
    expect(parseGuestListCsv(latin1).rows).toEqual([
      { line: 2, name: "Jürgen Müller", email: "jm@example.org" },
    ]);
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("Name\tEmail\r\nZoë Ødegård\tzo@example.org\r\n", "utf16le"),
    ]);
    expect(parseGuestListCsv(utf16).rows).toEqual([
      { line: 2, name: "Zoë Ødegård", email: "zo@example.org" },
    ]);
  });

  it("reports by line a row of a UTF-8 file whose bytes are not UTF-8, and keeps the other rows' accents", () => {
    const file = Buffer.concat([
      Buffer.from("Name,Email\nJürgen Müller,jm@example.org\n", "utf8"),
      Buffer.from("Jos\xe9 N\xfa\xf1ez,jose@example.org\n", "latin1"),
      Buffer.from("Zoë,zo@example.org\n", "utf8"),
    ]);
    const list = parseGuestListCsv(file);
    expect(list.rows).toEqual([
      { line: 2, name: "Jürgen Müller", email: "jm@example.org" },
      { line: 4, name: "Zoë", email: "zo@example.org" },
    ]);
    expect(list.errors).toEqual([
      {
        line: 3,
        message:
          "this row holds bytes that are not UTF-8 (shown as \ufffd), so it was not imported: save the file as UTF-8 and import it again",
      },
    ]);
    expect(JSON.stringify(list.rows)).not.toContain("\ufffd");
  });

  it("reports by line a name with a bidi override, a line separator or a lone surrogate", () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(
        "Name,Email\r\nAna \u202eamiL,ana@example.org\r\nBo\u2028Lima,bo@example.org\r\n",
        "utf16le",
      ),
      Buffer.from([0x3d, 0xd8]), // a lone high surrogate (U+D83D), then the rest of the row
      Buffer.from("Cy,cy@example.org\r\nDee,dee@example.org\r\n", "utf16le"),
    ]);
    const list = parseGuestListCsv(utf16);
    expect(list.rows).toEqual([{ line: 5, name: "Dee", email: "dee@example.org" }]);
    expect(list.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(list.errors[0]?.message).toMatch(/^name must not contain invisible text-direction characters/);
    expect(list.errors[1]?.message).toMatch(/^name must be a single line without control characters/);
    expect(list.errors[2]?.message).toMatch(/bytes that are not UTF-8/);
  });

  it("unwraps a quoted field written after a space, and keeps a stray quote inside a name", () => {
    const list = parseGuestListCsv('name, email\nAna, "ana@example.org"\nO"Brien,ob@example.org\n');
    expect(list.rows).toEqual([
      { line: 2, name: "Ana", email: "ana@example.org" },
      { line: 3, name: 'O"Brien', email: "ob@example.org" },
    ]);
  });

  it("stops at a quote that is never closed, keeping the rows before it", () => {
    const list = parseGuestListCsv(
      'name,email\nAna,ana@example.org\n"Bo,bo@example.org\nCy,cy@example.org\n',
    );
    expect(list.rows).toEqual([{ line: 2, name: "Ana", email: "ana@example.org" }]);
    expect(list.errors).toEqual([
      {
        line: 3,
        message:
          'a quote (") opened on this line is never closed, so the file could not be read from here on',
      },
    ]);
  });

  it("keeps 10,000 rows in list order with their lines", () => {
    const lines = [
      "name,email",
      ...Array.from({ length: 10_000 }, (_, i) => `Guest ${i},guest.${i}@example.org`),
    ];
    const list = parseGuestListCsv(lines.join("\n"));
    expect(list.rows).toHaveLength(10_000);
    expect(list.rows[9_999]).toEqual({ line: 10_001, name: "Guest 9999", email: "guest.9999@example.org" });
  });
});

describe("party columns", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it("reads the seats from Party, Party size, Guests or Seats, an empty cell as 1", () => {
    for (const header of ["Party", "Party size", "Guests", "Seats"]) {
      const list = parseGuestListCsv(
        bytes(`Name,Email,${header}\nAna,ana@example.org,3\nBo,bo@example.org,\n`),
      );
      expect(
        list.rows.map((r) => [r.email, r.party]),
        header,
      ).toEqual([
        ["ana@example.org", 3],
        ["bo@example.org", 1],
      ]);
    }
  });

  it("reads Plus ones and +1 as the companions: the party is one more", () => {
    for (const header of ["Plus ones", "+1"]) {
      const list = parseGuestListCsv(
        bytes(`Name,Email,${header}\nAna,ana@example.org,2\nBo,bo@example.org,0\n`),
      );
      expect(
        list.rows.map((r) => r.party),
        header,
      ).toEqual([3, 1]);
    }
  });

  it("skips a row whose party is not a whole number from 1 to 20, saying why", () => {
    const list = parseGuestListCsv(
      bytes("Name,Email,Party\nAna,ana@example.org,two\nBo,bo@example.org,0\nCy,cy@example.org,2\n"),
    );
    expect(list.rows.map((r) => r.email)).toEqual(["cy@example.org"]);
    expect(list.errors.map((e) => e.message)).toEqual([
      'party size must be a whole number (got "two")',
      'party size must be from 1 to 20 (got "0")',
    ]);
  });

  it("leaves rows without a party column as they were (a party of 1)", () => {
    const list = parseGuestListCsv(bytes("Name,Email\nAna,ana@example.org\n"));
    expect(list.rows[0]).toEqual({ line: 2, name: "Ana", email: "ana@example.org" });
  });
});
