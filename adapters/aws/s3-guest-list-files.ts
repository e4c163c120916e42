/**
 * The guest list's one-file download on S3 (core/guest-list-files.ts): the file is written under the
 * bucket's `exports/` prefix, whose lifecycle rule deletes it after a day (stacks/stateful-stack.ts), as one
 * PutObject when it is short, else as a multipart upload of 5 MiB parts (S3's least), so the web function
 * holds at most a part and a chunk, never the list. A multipart upload that fails is aborted. The link is a
 * presigned GetObject, saying `attachment` with the file name.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { GuestListFiles } from "../../core/guest-list-files.ts";

/** The prefix the bucket's lifecycle rule expires (and the web function's grant names). */
export const guestListExportPrefix = "exports/";

/** S3's least part of a multipart upload (all but the last). */
export const multipartPartBytes = 5 * 1024 * 1024;

const csvType = "text/csv; charset=utf-8";

export class S3GuestListFiles implements GuestListFiles {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #partBytes: number;

  constructor(p: { client: S3Client; bucket: string; partBytes?: number }) {
    this.#s3 = p.client;
    this.#bucket = p.bucket;
    this.#partBytes = Math.max(p.partBytes ?? multipartPartBytes, multipartPartBytes);
  }

  #key(name: string): string {
    return `${guestListExportPrefix}${name}`;
  }

  async has(name: string): Promise<boolean> {
    try {
      await this.#s3.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#key(name) }));
      return true;
    } catch (error) {
      // Without s3:ListBucket (not granted), S3 answers a missing key with 403, not 404.
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      const missing = (error as { name?: string }).name === "NotFound" || status === 404 || status === 403;
      if (missing) return false;
      throw error;
    }
  }

  async write(name: string, chunks: AsyncIterable<string>): Promise<void> {
    const key = this.#key(name);
    let held: Buffer[] = [];
    let heldBytes = 0;
    let uploadId: string | undefined;
    const parts: { ETag: string; PartNumber: number }[] = [];
    const flush = async () => {
      const body = Buffer.concat(held);
      held = [];
      heldBytes = 0;
      uploadId ??= (
        await this.#s3.send(
          new CreateMultipartUploadCommand({ Bucket: this.#bucket, Key: key, ContentType: csvType }),
        )
      ).UploadId;
      const PartNumber = parts.length + 1;
      const { ETag } = await this.#s3.send(
        new UploadPartCommand({ Bucket: this.#bucket, Key: key, UploadId: uploadId, PartNumber, Body: body }),
      );
      parts.push({ ETag: ETag ?? "", PartNumber });
    };
    try {
      for await (const chunk of chunks) {
        const bytes = Buffer.from(chunk, "utf8");
        held.push(bytes);
        heldBytes += bytes.length;
        if (heldBytes >= this.#partBytes) await flush();
      }
      if (uploadId === undefined) {
        await this.#s3.send(
          new PutObjectCommand({
            Bucket: this.#bucket,
            Key: key,
            ContentType: csvType,
            Body: Buffer.concat(held),
          }),
        );
        return;
      }
      if (heldBytes > 0) await flush();
      await this.#s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.#bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (error) {
      if (uploadId !== undefined) {
        try {
          await this.#s3.send(
            new AbortMultipartUploadCommand({ Bucket: this.#bucket, Key: key, UploadId: uploadId }),
          );
        } catch {
          // The bucket's rule aborts an upload left incomplete after a day; the first error is the one to tell.
        }
      }
      throw error;
    }
  }

  link(name: string, p: { filename: string; seconds: number }): Promise<string> {
    return getSignedUrl(
      this.#s3,
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: this.#key(name),
        // The caller's file name is letters, digits, '-', '_' and '.' only: no quoting beyond this.
        ResponseContentDisposition: `attachment; filename="${p.filename}"`,
        ResponseContentType: csvType,
      }),
      { expiresIn: p.seconds },
    );
  }
}
