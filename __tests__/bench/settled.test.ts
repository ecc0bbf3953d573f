import { allSettledOrThrow } from '../../bench/settled';

describe('allSettledOrThrow', () => {
  it('resolves with every value, in order', async () => {
    await expect(allSettledOrThrow(Promise.resolve(1), Promise.resolve('two'))).resolves.toEqual([1, 'two']);
  });

  it('rejects with the first failure only after the slower promises have settled', async () => {
    let slowSettled = false;
    const slow = new Promise<number>((resolve) =>
      setTimeout(() => {
        slowSettled = true;
        resolve(3);
      }, 50),
    );
    await expect(allSettledOrThrow(Promise.reject(new Error('first')), slow, Promise.reject(new Error('second')))).rejects.toThrow('first');
    expect(slowSettled).toBe(true);
  });
});
