import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";

/**
 * An S3 client whose calls are answered from memory, at the SDK boundary (aws-sdk-client-mock): one bucket's
 * objects, PutObject, HeadObject (a missing key answers 403, as S3 does to a role without ListBucket) and the
 * multipart upload (an object appears only when its upload completes). The client has a region and fixed
 * credentials, so the presigner signs links as it would on AWS.
 */
export function s3BucketFake(bucket: string) {
  const client = new S3Client({
    region: "eu-west-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret-for-tests" },
  });
  const objects = new Map<string, Buffer>();
  const uploads = new Map<string, { key: string; parts: Map<number, Buffer> }>();
  const mock = mockClient(client);
  const here = (b: string | undefined) => {
    if (b !== bucket) throw Object.assign(new Error("NoSuchBucket"), { name: "NoSuchBucket" });
  };
  const bytes = (body: unknown) => Buffer.from(body as Uint8Array);
  mock.on(PutObjectCommand).callsFake((input) => {
    here(input.Bucket);
    objects.set(input.Key, bytes(input.Body));
    return { ETag: '"put"' };
  });
  mock.on(HeadObjectCommand).callsFake((input) => {
    here(input.Bucket);
    if (!objects.has(input.Key))
      throw Object.assign(new Error("Forbidden"), { name: "403", $metadata: { httpStatusCode: 403 } });
    return { ContentLength: objects.get(input.Key)?.length };
  });
  mock.on(CreateMultipartUploadCommand).callsFake((input) => {
    here(input.Bucket);
    const id = `upload-${uploads.size + 1}`;
    uploads.set(id, { key: input.Key, parts: new Map() });
    return { UploadId: id };
  });
  mock.on(UploadPartCommand).callsFake((input) => {
    const upload = uploads.get(input.UploadId);
    if (!upload || upload.key !== input.Key) throw new Error("NoSuchUpload");
    upload.parts.set(input.PartNumber, bytes(input.Body));
    return { ETag: `"part-${input.PartNumber}"` };
  });
  mock.on(CompleteMultipartUploadCommand).callsFake((input) => {
    const upload = uploads.get(input.UploadId);
    if (!upload) throw new Error("NoSuchUpload");
    const named = (input.MultipartUpload?.Parts ?? []) as { PartNumber: number; ETag: string }[];
    for (const p of named) if (p.ETag !== `"part-${p.PartNumber}"`) throw new Error("InvalidPart");
    objects.set(
      upload.key,
      Buffer.concat(named.map((p) => upload.parts.get(p.PartNumber) ?? Buffer.alloc(0))),
    );
    uploads.delete(input.UploadId);
    return {};
  });
  mock.on(AbortMultipartUploadCommand).callsFake((input) => {
    uploads.delete(input.UploadId);
    return {};
  });
  return { client, mock, objects, uploads };
}
