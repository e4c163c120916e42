/**
 * Where the host's guest list is written as one file for download (AWS: an S3 bucket whose objects expire
 * after a day; see docs/aws-guest-list.md). The embedded runtime streams the file instead and has none.
 */
export interface GuestListFiles {
  /** Whether the file `name` is there, written whole (a file is visible only once complete). */
  has(name: string): Promise<boolean>;
  /** Writes `chunks`, in order, as the file `name` (replacing one of that name). */
  write(name: string, chunks: AsyncIterable<string>): Promise<void>;
  /** A link that downloads the file `name` as `filename` (CSV), good for `seconds`. */
  link(name: string, p: { filename: string; seconds: number }): Promise<string>;
}
