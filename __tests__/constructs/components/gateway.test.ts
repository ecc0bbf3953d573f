import { Gateway } from '../../../constructs/components/gateway';
import { synthConstruct } from '../../support/construct-scope';
import { declareOrdersService } from '../../support/orders-service';
import { containerNamed, synthStack, uploadedFile } from '../../support/synth-stack';

const NGINX_CONF = '/etc/nginx/nginx.conf';
const synthGateway = (memoryMb?: number) => synthConstruct((scope) => new Gateway(scope, 'gateway', { memoryMb }));

describe('Gateway', () => {
  it('keeps nginx temp files under /tmp, where the unprivileged image may write', () => {
    const conf = uploadedFile(containerNamed(synthGateway(), 'sentinel-gateway'), NGINX_CONF);
    expect(conf).toMatch(/^\s+client_body_temp_path \/tmp\/client_body;$/m);
    expect(conf).not.toMatch(/_temp_path \/(?!tmp\/)/);
  });

  it('refuses less memory than nginx runs in, naming the prop and its unit', () => {
    expect(() => synthGateway(8)).toThrow('Invalid gateway.memoryMb: got 8, expected an integer from 16 to 65536 MiB');
  });
});

describe("the gateway's runbook prefix", () => {
  it('is refused as a service route, at synth, since the gateway serves the runbook there', () => {
    expect(() => synthStack({}, (stack) => declareOrdersService(stack, { route: '/runbook/' }))).toThrow(
      'Invalid orders.route: got "/runbook/", expected a prefix other than /runbook/, where the gateway serves the runbook',
    );
  });
});
