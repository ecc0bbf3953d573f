import { terraformLiteral } from '../../constructs/terraform-literal';

describe('terraformLiteral', () => {
  it('escapes Terraform template sequences', () => {
    expect(terraformLiteral('{"datasource":"${datasource}","x":"%{ if y }"}')).toBe('{"datasource":"$${datasource}","x":"%%{ if y }"}');
  });

  it('leaves everything else alone, PromQL and Go templates included', () => {
    const text = 'rate(x[$__rate_interval]) {{ $labels.job }} $value 100%';
    expect(terraformLiteral(text)).toBe(text);
  });
});
