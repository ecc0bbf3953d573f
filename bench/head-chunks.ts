// Reads the chunk files Prometheus 2.x memory-maps its full head chunks into (data/chunks_head/),
// as documented in its tsdb/docs/format/head_chunks.md: a file header, then per chunk
// series ref (8 bytes), mint (8), maxt (8), encoding (1), data length (uvarint), data, CRC32 (4).

const HEAD_CHUNKS_MAGIC = 0x0130bc91;
const FILE_HEADER_BYTES = 8;
const CHUNK_FIXED_HEADER_BYTES = 8 + 8 + 8 + 1;
const CRC_BYTES = 4;
/** The XOR encoding of float samples; its data starts with the sample count as a big-endian uint16. */
const ENCODING_XOR = 1;

export interface ChunkSummary {
  readonly samples: number;
  /** The encoded samples only: what the same chunk takes in a block's chunk file, give or take its small header. */
  readonly dataBytes: number;
  /** Data plus this file format's per-chunk header and CRC. */
  readonly storedBytes: number;
}

function readUvarint(buffer: Buffer, offset: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < buffer.length && shift <= 49; i++) {
    const byte = buffer[i];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
    shift += 7;
  }
  throw new Error(`truncated uvarint at offset ${offset}`);
}

/**
 * Every complete XOR chunk in one head chunk file. Stops at the first place no complete chunk
 * starts (the unwritten end of a file Prometheus was still filling).
 */
export function chunksInHeadChunkFile(file: Buffer): ChunkSummary[] {
  if (file.length < FILE_HEADER_BYTES || file.readUInt32BE(0) !== HEAD_CHUNKS_MAGIC) {
    throw new Error('not a Prometheus head chunk file (magic number missing)');
  }
  const chunks: ChunkSummary[] = [];
  let offset = FILE_HEADER_BYTES;
  while (offset + CHUNK_FIXED_HEADER_BYTES + 1 <= file.length) {
    const encoding = file[offset + CHUNK_FIXED_HEADER_BYTES - 1];
    if (encoding !== ENCODING_XOR) break;
    const { value: dataBytes, next: dataStart } = readUvarint(file, offset + CHUNK_FIXED_HEADER_BYTES);
    const end = dataStart + dataBytes + CRC_BYTES;
    if (dataBytes < 2 || end > file.length) break;
    chunks.push({ samples: file.readUInt16BE(dataStart), dataBytes, storedBytes: end - offset });
    offset = end;
  }
  return chunks;
}
