import { type RegistryOptions, registryAuth, requireRegistry, underRegistry } from '../../../constructs/engine/registry';
import { InvalidPropError } from '../../../constructs/validation/validation';

describe('the registry prop', () => {
  it.each(['registry.example.com', 'registry.example.com:443', '10.0.0.5:5000', 'localhost', 'localhost:5000', 'my-registry:5000', 'Registry.Example.COM'])(
    'takes %s as host[:port], https with the saved login by default',
    (address) => {
      expect(requireRegistry({ address })).toEqual({ address, protocol: 'https', credentials: 'docker-login' });
    },
  );

  it.each([
    ['a bare name, which Docker reads as a Docker Hub account', 'myregistry'],
    ['a scheme', 'https://registry.example.com'],
    ['a path', 'registry.example.com/team'],
    ['a port beyond 65535', 'registry.example.com:65536'],
    ['port 0', '10.0.0.5:0'],
    ['an empty port', 'registry.example.com:'],
    ['a label ending in a dash', 'registry-.example.com'],
    ['an empty label', 'registry..example.com'],
    ['spaces', 'registry.example.com '],
    ['nothing', ''],
  ])('refuses %s at synth, naming the prop and what it takes', (_what, address) => {
    const refused = () => requireRegistry({ address });
    expect(refused).toThrow(InvalidPropError);
    expect(refused).toThrow(`Invalid registry.address: got ${JSON.stringify(address)}, expected host[:port] with no scheme or path`);
  });

  it('refuses a registry that is not an object, and protocols and credentials it does not know', () => {
    expect(() => requireRegistry('registry.example.com' as unknown as RegistryOptions)).toThrow(/^Invalid registry: got "registry\.example\.com", expected \{ address/);
    expect(() => requireRegistry({ address: 'registry.example.com', protocol: 'ftp' as 'http' })).toThrow(`Invalid registry.protocol: got "ftp", expected 'https' or 'http'`);
    expect(() => requireRegistry({ address: 'registry.example.com', credentials: 'token' as 'none' })).toThrow(`Invalid registry.credentials: got "token", expected 'docker-login' or 'none'`);
  });

  it('puts a Docker Hub reference under the registry, and leaves it alone without one or when it names a registry of its own', () => {
    const registry = requireRegistry({ address: '10.0.0.5:5000' });
    expect(underRegistry(registry, 'redis:7.4.1-alpine')).toBe('10.0.0.5:5000/redis:7.4.1-alpine');
    expect(underRegistry(registry, 'prom/prometheus:v2.55.1')).toBe('10.0.0.5:5000/prom/prometheus:v2.55.1');
    expect(underRegistry(undefined, 'redis:7.4.1-alpine')).toBe('redis:7.4.1-alpine');
    for (const own of ['registry.example.com/orders:1.4.2', 'localhost:5000/orders:1', 'localhost/orders:1', 'ghcr.io/team/orders:2']) expect(underRegistry(registry, own)).toBe(own);
  });

  it('tells the provider the scheme, and that an open registry needs no login', () => {
    expect(registryAuth(requireRegistry({ address: '10.0.0.5:5000', protocol: 'http', credentials: 'none' }))).toEqual({ address: 'http://10.0.0.5:5000', authDisabled: true });
    expect(registryAuth(requireRegistry({ address: 'registry.example.com' }))).toEqual({ address: 'https://registry.example.com' });
  });
});
