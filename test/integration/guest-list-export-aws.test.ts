import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { S3GuestListFiles } from "../../adapters/aws/s3-guest-list-files.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { guestListCsvChunks } from "../../producers/host/guest-list.ts";
import { exportFileId, guestListExportChunks } from "../../producers/web/guest-list-export.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { sampleQuestions } from "../helpers/questions.ts";
import { type SeededLists, seedLists } from "../helpers/roster-seed.ts";
import { s3BucketFake } from "../helpers/s3-bucket-fake.ts";
import { formIdIn, postForm, type TestWebApp, webAppOver } from "../helpers/web-app.ts";

/**
 * The guest list as one file on the AWS runtime: the page of parts offers "Prepare one file", whose post
 * writes the CSV to S3 (the S3 client answered from memory at the SDK boundary) over the DynamoDB store
 * (DynamoDB Local), then a page links to it with a presigned GET. The file is byte for byte the embedded
 * runtime's download of the same guests (headings once, formula-looking answers escaped).
 */
const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("the guest list as one file in S3", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  const bucket = "rsvp-exports-test";
  const s3 = s3BucketFake(bucket);
  let seeded: SeededLists;
  let app: TestWebApp;
  let embeddedCsv: string;
  beforeAll(async () => {
    seeded = await seedLists(client, {
      guests: 450,
      capacity: 150,
      settings: EventSettings.parse({ questions: sampleQuestions }),
      answers: (i) => ({
        diet: ["None", "Vegetarian", "Vegan"][i % 3],
        photos: i % 2 === 0,
        ...(i % 5 === 0 ? { allergies: i % 10 === 0 ? "=cmd|' /C calc'!A0" : 'nuts, "pollen"' } : {}),
      }),
    });
    const guestListFiles = new S3GuestListFiles({ client: s3.client, bucket });
    app = webAppOver({ store: seeded.dynamo, queue: { send: async () => {} } }, { guestListFiles });
    const list = await seeded.sqlite.guestListPages(seeded.event.eventId);
    const options = { bom: true, questions: seeded.event.settings.questions, reconfirm: false };
    let csv = "";
    for await (const chunk of guestListCsvChunks(list, options)) csv += chunk;
    embeddedCsv = csv;
  }, 180_000);
  afterAll(() => {
    client.destroy();
    s3.mock.restore();
  });

  const host = () => `/h/${seeded.hostToken}`;
  const get = (path: string) => Promise.resolve(app.request(path, { headers: { accept: "text/html" } }));
  const puts = () => s3.mock.commandCalls(PutObjectCommand).length;

  it("writes every guest once, with the headings and the escaping, part by part in the parts' ranges", async () => {
    let csv = "";
    for await (const chunk of guestListExportChunks(seeded.dynamo, seeded.event, undefined, 100))
      csv += chunk;
    expect(csv).toBe(embeddedCsv);
    expect(csv.match(/\ufeffname,email/g)).toHaveLength(1);
    expect(csv).toContain("'=cmd|");
    const names = [...csv.matchAll(/^(Guest \d+),/gm)].map((m) => m[1]);
    expect(names).toHaveLength(450);
    expect(new Set(names).size).toBe(450);
  });

  it("prepares one file from the page of parts, then links to it, presigned for 15 minutes", async () => {
    const page = await (await get(`${host()}/guests.csv?per=100`)).text();
    expect(page).toContain("download it in 5 parts");
    expect(page).toContain(`<form method="post" action="${host()}/export">`);
    expect(page).toContain("Prepare one file");
    const formId = formIdIn(page);

    const posted = await postForm(app, `${host()}/export`, { formId });
    expect(posted.status).toBe(303);
    const file = exportFileId(seeded.event.eventId, formId);
    expect(posted.headers.get("location")).toBe(`${host()}/export/${file}`);
    const key = `exports/${seeded.event.eventId}/${file}.csv`;
    expect([...s3.objects.keys()]).toEqual([key]);
    expect(s3.objects.get(key)?.toString("utf8")).toBe(embeddedCsv);

    const shown = await get(`${host()}/export/${file}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("cache-control")).toBe("no-store");
    const text = await shown.text();
    expect(text).toContain("The file is ready: every guest on the list");
    expect(text).toContain("This link works for 15 minutes");
    const href = /<a class="button" href="([^"]+)" download>Download the guest list \(CSV\)<\/a>/
      .exec(text)?.[1]
      ?.replaceAll("&amp;", "&");
    const url = new URL(href ?? "");
    expect(url.hostname).toBe(`${bucket}.s3.eu-west-1.amazonaws.com`);
    expect(url.pathname).toBe(`/${key}`);
    expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get("response-content-disposition")).toBe(
      `attachment; filename="guests-${seeded.event.eventId}.csv"`,
    );
    expect(url.searchParams.get("response-content-type")).toBe("text/csv; charset=utf-8");
    // GET shows: looking at the page again writes nothing.
    const before = puts();
    expect((await get(`${host()}/export/${file}`)).status).toBe(200);
    expect(puts()).toBe(before);
  });

  it("writes nothing new when the same form is posted again", async () => {
    const formId = formIdIn(await (await get(`${host()}/guests.csv?per=100`)).text());
    const first = await postForm(app, `${host()}/export`, { formId });
    const writes = puts();
    const objects = s3.objects.size;
    const again = await postForm(app, `${host()}/export`, { formId });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    expect(puts()).toBe(writes);
    expect(s3.objects.size).toBe(objects);
  });

  it("answers a forged host link, another file, and a form this page did not issue without a file", async () => {
    const formId = formIdIn(await (await get(`${host()}/guests.csv?per=100`)).text());
    const file = exportFileId(seeded.event.eventId, formId);
    const writes = puts();
    expect((await postForm(app, "/h/forged-token/export", { formId })).status).toBe(404);
    expect((await get(`/h/forged-token/export/${file}`)).status).toBe(404);
    // A file id of the right shape that no form of this event wrote, and one of the wrong shape.
    const gone = await get(`${host()}/export/${"0".repeat(32)}`);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain("this file is no longer there");
    expect((await get(`${host()}/export/not-a-file`)).status).toBe(404);
    const forgedForm = await postForm(app, `${host()}/export`, { formId: `${formId.slice(0, -4)}AAAA` });
    expect(forgedForm.status).toBe(403);
    expect(puts()).toBe(writes);
  });
});
