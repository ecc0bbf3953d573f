import { setImmediate as nextTurn } from 'node:timers/promises';
import { turnBatchedIncrement } from '../../app/src/turn-batched-increment';

/** An addMany over a counter held here, recording each call's n. */
function counter(start: number) {
  let total = start;
  const calls: number[] = [];
  const addMany = async (n: number): Promise<number> => {
    calls.push(n);
    total += n;
    return total;
  };
  return { addMany, calls };
}

describe('turnBatchedIncrement', () => {
  it('adds the calls of one turn in one addMany and gives each its own number, in call order', async () => {
    const { addMany, calls } = counter(100);
    const increment = turnBatchedIncrement(addMany);
    const results = await Promise.all([increment(), increment(), increment()]);
    expect(calls).toEqual([3]);
    expect(results).toEqual([101, 102, 103]);
  });

  it('starts a new batch for calls made in a later turn', async () => {
    const { addMany, calls } = counter(0);
    const increment = turnBatchedIncrement(addMany);
    const first = increment();
    await nextTurn();
    const second = [increment(), increment()];
    expect(await Promise.all([first, ...second])).toEqual([1, 2, 3]);
    expect(calls).toEqual([1, 2]);
  });

  it('fails every call of a turn whose addMany fails, and the next turn still runs', async () => {
    let fail = true;
    const increment = turnBatchedIncrement(async (n) => {
      if (fail) throw new Error('redis unavailable: down');
      return 10 + n;
    });
    const failed = await Promise.allSettled([increment(), increment()]);
    expect(failed.map((result) => result.status === 'rejected' && (result.reason as Error).message)).toEqual([
      'redis unavailable: down',
      'redis unavailable: down',
    ]);
    fail = false;
    expect(await increment()).toBe(11);
  });
});
