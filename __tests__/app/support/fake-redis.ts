import { AddressInfo, createServer, Server, Socket } from 'node:net';

/** The commands a client sent, each as its words (`['EVALSHA', sha, '1', key, ...]`). */
function parseCommands(text: string): { commands: string[][]; rest: string } {
  const commands: string[][] = [];
  let rest = text;
  for (;;) {
    const lines = rest.split('\r\n');
    const count = /^\*(\d+)$/.exec(lines[0] ?? '');
    // Words are `$length` then the word: complete once 1 + 2 * count lines are in.
    if (count === null || lines.length < 2 + 2 * Number(count[1])) return { commands, rest };
    const words = Array.from({ length: Number(count[1]) }, (_, i) => lines[2 + 2 * i]!);
    commands.push(words);
    rest = lines.slice(1 + 2 * words.length).join('\r\n');
  }
}

export interface FakeRedis {
  readonly port: number;
  /** Every command received, across connections, in order. */
  readonly received: string[][];
  close(): Promise<void>;
}

/**
 * A Redis stand-in on 127.0.0.1 that answers the client's connection setup (INFO, CLIENT) and
 * QUIT as Redis does, and drops the connection, unanswered, on each command `drops` picks: a
 * command cut off by a broken connection. `reset`: dropped with a TCP reset, which the client
 * sees as an error (ECONNRESET), rather than closed.
 */
export function fakeRedis(drops: (command: string) => boolean, { reset = false } = {}): Promise<FakeRedis> {
  const received: string[][] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      const { commands, rest } = parseCommands(buffered + chunk.toString('latin1'));
      buffered = rest;
      for (const words of commands) {
        received.push(words);
        const command = words[0]!.toUpperCase();
        if (drops(command)) {
          if (reset) socket.resetAndDestroy();
          else socket.destroy();
          return;
        }
        const info = '# Server\r\nloading:0\r\n';
        socket.write(command === 'INFO' ? `$${info.length}\r\n${info}\r\n` : '+OK\r\n');
        if (command === 'QUIT') socket.end();
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        received,
        close: () =>
          new Promise((closed) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => closed());
          }),
      }),
    ),
  );
}
