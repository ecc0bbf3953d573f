import { closeSync, openSync, readSync, statSync } from 'node:fs';

export interface StatusCount {
  /** Answers outside 200–299, except 499. */
  readonly non2xx: number;
  /**
   * 499: the client hung up before the answer (nginx's code, the app uses it too). wrk does so
   * for the requests still in flight when its time is up, so up to one per connection is expected.
   */
  readonly clientClosed: number;
}

const CHUNK_BYTES = 8 * 2 ** 20;
const STATUS = /"status":(\d{3})\b/;

/**
 * Counts the status codes a server logged (nginx's JSON access log, the app's JSON request
 * log) between mark() and count(): the server's own word on how many answers were not 2xx.
 */
export class StatusLog {
  private offset = 0;

  constructor(readonly path: string) {}

  private size(): number {
    return statSync(this.path, { throwIfNoEntry: false })?.size ?? 0;
  }

  mark(): void {
    this.offset = this.size();
  }

  /** Reads what was appended since mark(), line by line, in bounded chunks. */
  count(): StatusCount {
    const end = this.size();
    let non2xx = 0;
    let clientClosed = 0;
    const countLine = (line: string): void => {
      const match = STATUS.exec(line);
      if (match === null) return;
      const status = Number(match[1]);
      if (status === 499) clientClosed++;
      else if (status < 200 || status > 299) non2xx++;
    };
    const fd = openSync(this.path, 'r');
    try {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      let carry = '';
      for (let position = this.offset; position < end; ) {
        const read = readSync(fd, buffer, 0, Math.min(CHUNK_BYTES, end - position), position);
        if (read <= 0) break;
        position += read;
        const lines = (carry + buffer.toString('utf8', 0, read)).split('\n');
        carry = lines.pop() ?? '';
        lines.forEach(countLine);
      }
      if (carry !== '') countLine(carry);
    } finally {
      closeSync(fd);
    }
    this.offset = end;
    return { non2xx, clientClosed };
  }
}
