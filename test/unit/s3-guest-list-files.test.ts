import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it } from "vitest";
import { multipartPartBytes, S3GuestListFiles } from "../../adapters/aws/s3-guest-list-files.ts";
import { s3BucketFake } from "../helpers/s3-bucket-fake.ts";

/** The S3 file store of the guest list's one-file download, its S3 calls answered from memory. */
describe("the guest list's file in S3", () => {
  const bucket = "exports-bucket";
  let s3 = s3BucketFake(bucket);
  afterEach(() => {
    s3.mock.restore();
    s3 = s3BucketFake(bucket);
  });
  const mib = (fill: string) => fill.repeat(1024 * 1024);
  async function* chunks(list: string[]) {
    for (const c of list) yield c;
  }

  it("writes a short file with one PutObject under exports/, and finds it there", async () => {
    const files = new S3GuestListFiles({ client: s3.client, bucket });
    expect(await files.has("ev-1/a.csv")).toBe(false);
    await files.write("ev-1/a.csv", chunks(["\ufeffname,email\n", "Ana,ana@example.com\n"]));
    expect(s3.objects.get("exports/ev-1/a.csv")?.toString("utf8")).toBe(
      "\ufeffname,email\nAna,ana@example.com\n",
    );
    expect(await files.has("ev-1/a.csv")).toBe(true);
    expect(s3.mock.commandCalls(PutObjectCommand)[0]?.args[0].input.ContentType).toBe(
      "text/csv; charset=utf-8",
    );
  });

  it("writes a long file as a multipart upload of 5 MiB parts, holding every byte in order", async () => {
    const files = new S3GuestListFiles({ client: s3.client, bucket });
    const list = Array.from({ length: 12 }, (_, i) => mib(String.fromCharCode(97 + i)));
    await files.write("ev-1/long.csv", chunks(list));
    const parts = s3.mock.commandCalls(UploadPartCommand).map((c) => c.args[0].input);
    expect(parts.map((p) => p.PartNumber)).toEqual([1, 2, 3]);
    expect(parts.slice(0, 2).every((p) => (p.Body as Buffer).length >= multipartPartBytes)).toBe(true);
    expect(s3.mock.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(1);
    expect(s3.mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(s3.objects.get("exports/ev-1/long.csv")?.toString("utf8")).toBe(list.join(""));
  });

  it("aborts the multipart upload when writing fails, and leaves no file", async () => {
    const files = new S3GuestListFiles({ client: s3.client, bucket });
    async function* failing() {
      for (let i = 0; i < 6; i++) yield mib("x");
      throw new Error("the store failed mid-list");
    }
    await expect(files.write("ev-1/broken.csv", failing())).rejects.toThrow("the store failed mid-list");
    expect(s3.mock.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
    expect(s3.uploads.size).toBe(0);
    expect(await files.has("ev-1/broken.csv")).toBe(false);
  });

  it("links to the file with a presigned GET that expires and downloads it under the given name", async () => {
    const files = new S3GuestListFiles({ client: s3.client, bucket });
    const url = new URL(await files.link("ev-1/a.csv", { filename: "guests-ev-1.csv", seconds: 900 }));
    expect(url.pathname).toBe("/exports/ev-1/a.csv");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
    expect(url.searchParams.get("X-Amz-Credential")).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request$/,
    );
    expect(url.searchParams.get("response-content-disposition")).toBe(
      'attachment; filename="guests-ev-1.csv"',
    );
  });
});
