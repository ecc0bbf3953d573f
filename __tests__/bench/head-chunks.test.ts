import { chunksInHeadChunkFile } from '../../bench/head-chunks';

/** A head chunk file as Prometheus 2.x writes it: header, then ref, mint, maxt, encoding, uvarint length, data, CRC32. */
function headChunkFile(chunks: { samples: number; dataBytes: number; encoding?: number }[], trailingZeros = 0): Buffer {
  const header = Buffer.from([0x01, 0x30, 0xbc, 0x91, 1, 0, 0, 0]);
  const parts = chunks.map(({ samples, dataBytes, encoding = 1 }) => {
    const fixed = Buffer.alloc(25);
    fixed.writeBigUInt64BE(42n, 0);
    fixed[24] = encoding;
    const length: number[] = [];
    for (let value = dataBytes; ; value = Math.floor(value / 128)) {
      length.push((value & 0x7f) | (value >= 128 ? 0x80 : 0));
      if (value < 128) break;
    }
    const data = Buffer.alloc(dataBytes);
    data.writeUInt16BE(samples, 0);
    return Buffer.concat([fixed, Buffer.from(length), data, Buffer.alloc(4)]);
  });
  return Buffer.concat([header, ...parts, Buffer.alloc(trailingZeros)]);
}

describe('chunksInHeadChunkFile', () => {
  it('reads every chunk\'s sample count, data size and stored size', () => {
    expect(chunksInHeadChunkFile(headChunkFile([{ samples: 120, dataBytes: 150 }, { samples: 60, dataBytes: 90 }]))).toEqual([
      // 25 bytes of ref, mint, maxt and encoding, a 2-byte uvarint for 150, the data, 4 of CRC.
      { samples: 120, dataBytes: 150, storedBytes: 25 + 2 + 150 + 4 },
      { samples: 60, dataBytes: 90, storedBytes: 25 + 1 + 90 + 4 },
    ]);
  });

  it('stops where no complete chunk starts: the unwritten end of a file', () => {
    expect(chunksInHeadChunkFile(headChunkFile([{ samples: 120, dataBytes: 140 }], 64))).toHaveLength(1);
    const cut = headChunkFile([{ samples: 120, dataBytes: 140 }, { samples: 120, dataBytes: 140 }]);
    expect(chunksInHeadChunkFile(cut.subarray(0, cut.length - 10))).toHaveLength(1);
  });

  it('refuses a file without the head chunk magic number', () => {
    expect(() => chunksInHeadChunkFile(Buffer.alloc(64))).toThrow('magic');
  });
});
