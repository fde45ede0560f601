import { gzipSync } from 'node:zlib';

/** One regular file of a configuration archive. */
export interface ArchiveFile {
  /** Path inside the archive, relative, `/`-separated, at most 100 bytes (plain ustar names). */
  readonly name: string;
  readonly content: Buffer;
}

const BLOCK = 512;

function header(file: ArchiveFile): Buffer {
  const name = Buffer.from(file.name, 'utf8');
  if (name.length === 0 || name.length > 100 || file.name.startsWith('/') || file.name.split('/').includes('..')) {
    throw new Error(`tarball: "${file.name}" is not a relative path of 1-100 bytes`);
  }
  const block = Buffer.alloc(BLOCK, 0);
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  name.copy(block, 0);
  block.write(octal(0o644, 8), 100, 'ascii'); // mode
  block.write(octal(0, 8), 108, 'ascii'); // uid
  block.write(octal(0, 8), 116, 'ascii'); // gid
  block.write(octal(file.content.length, 12), 124, 'ascii'); // size
  block.write(octal(0, 12), 136, 'ascii'); // mtime: fixed, so the same files give the same archive
  block.write('        ', 148, 'ascii'); // checksum placeholder (8 spaces)
  block.write('0', 156, 'ascii'); // typeflag: regular file
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return block;
}

/**
 * A gzip-compressed POSIX ustar archive of `files` (what the HCP Terraform configuration version upload expects),
 * written without a `tar` binary so CI and tests produce the same bytes everywhere.
 */
export function tarGzip(files: readonly ArchiveFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(header(file), file.content);
    const padding = (BLOCK - (file.content.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return gzipSync(Buffer.concat(parts));
}
