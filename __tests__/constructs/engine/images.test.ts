import { IMAGES } from '../../../constructs/engine/images';

describe('IMAGES', () => {
  it.each(Object.entries(IMAGES))('pins %s to a versioned tag, never latest', (_component, reference) => {
    expect(reference).toMatch(/^[a-z0-9./_-]+:[^:]*\d[^:]*$/);
    expect(reference).not.toMatch(/:latest$/);
  });
});
