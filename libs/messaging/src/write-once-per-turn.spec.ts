import { Writable } from 'node:stream';
import { writeToStream } from 'mqtt-packet';
import { ACK_HOLD_MAX, writeOncePerTurn } from './write-once-per-turn';

/** A socket stand-in that records each write it is handed: one entry per system call a socket would make. */
function recordingStream() {
  const calls: number[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      calls.push(1);
      done();
    },
    writev(chunks, done) {
      calls.push(chunks.length);
      done();
    },
  });
  return { stream, calls };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const puback = (messageId: number) => ({ cmd: 'puback' as const, messageId });

describe(writeOncePerTurn.name, () => {
  it('should send the acknowledgements written in one turn of the event loop in one write', async () => {
    const { stream, calls } = recordingStream();
    writeOncePerTurn(stream);
    for (let id = 1; id <= 50; id++) writeToStream(puback(id), stream);
    await turn();
    await turn();
    expect(calls.length).toBe(1);
    expect(calls[0]).toBeGreaterThanOrEqual(50);
  });

  it('should hold acknowledgements that come one per turn for a few milliseconds, and send them together', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const { stream, calls } = recordingStream();
      writeOncePerTurn(stream, 5);
      for (let id = 1; id <= 5; id++) {
        writeToStream(puback(id), stream);
        await turn();
      }
      jest.advanceTimersByTime(4);
      expect(calls).toEqual([]);
      jest.advanceTimersByTime(1);
      await turn();
      expect(calls.length).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('should not hold more than ACK_HOLD_MAX packets: the broker allows only so many unacknowledged', async () => {
    const { stream, calls } = recordingStream();
    writeOncePerTurn(stream, 60_000);
    for (let id = 1; id <= ACK_HOLD_MAX; id++) {
      writeToStream(puback(id), stream);
      await turn();
    }
    await turn();
    expect(calls.length).toBe(1);
  });

  it('should make one write per packet without it (what it replaces)', async () => {
    const { stream, calls } = recordingStream();
    for (let id = 1; id <= 5; id++) {
      writeToStream(puback(id), stream);
      await new Promise<void>((resolve) => process.nextTick(resolve));
    }
    await turn();
    expect(calls.length).toBe(5);
  });

  it('should write every byte, in order, and flush at once when the stream ends', async () => {
    const { stream } = recordingStream();
    const seen: Buffer[] = [];
    stream._writev = (chunks, done) => {
      seen.push(...chunks.map((c) => c.chunk as Buffer));
      done();
    };
    writeOncePerTurn(stream);
    writeOncePerTurn(stream);
    writeToStream(puback(1), stream);
    writeToStream(puback(2), stream);
    const finished = new Promise<void>((resolve) => stream.on('finish', () => resolve()));
    stream.end();
    await finished;
    expect(Buffer.concat(seen)).toEqual(Buffer.from([0x40, 2, 0, 1, 0x40, 2, 0, 2]));
  });

  it('should hand what waits to the stream before it is destroyed (a broker refusing a login: CONNACK, then destroy)', () => {
    const { stream } = recordingStream();
    const seen: Buffer[] = [];
    stream._write = (chunk: Buffer, _enc, done) => (seen.push(chunk), done());
    stream._writev = (chunks, done) => (seen.push(...chunks.map((c) => c.chunk as Buffer)), done());
    writeOncePerTurn(stream);
    writeToStream({ cmd: 'connack', returnCode: 5, sessionPresent: false }, stream);
    stream.destroy();
    expect(Buffer.concat(seen)).toEqual(Buffer.from([0x20, 2, 0, 5]));
  });
});
