import { RULES_DIR } from '../../constructs/components/prometheus';
import { containerNamed, resourceNames, type Synthesized, uploadedFile } from '../support/synth-stack';
import { type CodeBlock, codeBlockUnder } from './support/code-blocks';
import { synthesize, typeCheck } from './support/typescript-blocks';

// Each TypeScript block of the docs, type-checked against the repository's sources as the docs
// tell a reader to use it, then synthesized, and the stack holds what the text around it promises.
const BLOCKS = {
  addService: codeBlockUnder('README.md', 'Add a service'),
  addReceiver: codeBlockUnder('README.md', 'Add a receiver'),
  replicasOnOneHost: codeBlockUnder('README.md', 'On one host'),
  otherMetricNames: codeBlockUnder('docs/services.md', 'Metrics named another way'),
  withoutDemo: codeBlockUnder('docs/services.md', 'Leaving the demo out'),
  ownProject: codeBlockUnder('docs/services.md', 'In a project of your own'),
  everyReceiverKind: codeBlockUnder('docs/receivers.md', 'Receivers and routes'),
  sharedState: codeBlockUnder('docs/operating.md', 'Shared state'),
  severalHosts: codeBlockUnder('docs/swarm.md', 'Several hosts'),
} satisfies Record<string, CodeBlock>;

const names = Object.keys(BLOCKS) as (keyof typeof BLOCKS)[];
let errors: Record<string, string[]>;

beforeAll(() => {
  const found = typeCheck(Object.values(BLOCKS));
  errors = Object.fromEntries(names.map((name, index) => [name, found[index]!]));
}, 120_000);

const containers = (stack: Synthesized) => resourceNames(stack, 'docker_container');
const prometheusOf = (stack: Synthesized, prefix = 'sentinel') => containerNamed(stack, `${prefix}-prometheus`);
const scrapeConfig = (stack: Synthesized) => uploadedFile(prometheusOf(stack), '/etc/prometheus/prometheus.yml');
const ruleFile = (stack: Synthesized) => uploadedFile(prometheusOf(stack), `${RULES_DIR}/sentinel.yml`);

describe('the TypeScript blocks of README.md and docs/', () => {
  it.each(names)('%s type-checks against the repository', (name) => {
    expect(errors[name]).toEqual([]);
  });

  it("README's service gets its container, its scrape job and its alerts beside the demo app", () => {
    const { sentinel } = synthesize(BLOCKS.addService);
    expect(containers(sentinel!)).toEqual(expect.arrayContaining(['sentinel-app', 'sentinel-orders']));
    expect(scrapeConfig(sentinel!)).toMatch(/job_name: orders\n/);
    expect(ruleFile(sentinel!)).toContain('name: orders-alerts');
  });

  it("README's receiver declares its secret as a variable of its own", () => {
    const { sentinel } = synthesize(BLOCKS.addReceiver);
    expect(Object.keys(sentinel!.variables)).toContain('alertmanager_slack_team_chat_webhook_url');
  });

  it("README's replicas on one host run two containers of the service", () => {
    const { sentinel } = synthesize(BLOCKS.replicasOnOneHost);
    expect(containers(sentinel!).filter((name) => name.startsWith('sentinel-orders'))).toHaveLength(2);
  });

  it("services.md's OpenTelemetry mapping synthesizes, its rules reading the service's own names", () => {
    const { sentinel } = synthesize(BLOCKS.otherMetricNames);
    expect(containers(sentinel!)).toContain('sentinel-orders');
    expect(ruleFile(sentinel!)).toContain('http_server_request_duration_seconds_bucket');
  });

  it("services.md's stack without the demo has the team's service and no demo app or Redis", () => {
    const { sentinel } = synthesize(BLOCKS.withoutDemo);
    expect(containers(sentinel!)).toContain('sentinel-shop');
    expect(containers(sentinel!)).not.toContain('sentinel-app');
    expect(containers(sentinel!)).not.toContain('sentinel-redis');
  });

  it("swarm.md's stack on several hosts names every image under the registry, by digest", () => {
    const stack = synthesize(BLOCKS.severalHosts)['sentinel-swarm']!;
    const images = Object.values(stack.resources.docker_service ?? {}).map((body) => (body as { task_spec: { container_spec: { image: string } } }).task_spec.container_spec.image);
    expect(images.length).toBeGreaterThan(5);
    expect(images.filter((image) => !/^(registry\.example\.com\/|\$\{docker_image\.).+@\$\{(data\.)?docker_registry_image\.[\w-]+\.sha256_digest\}$/.test(image))).toEqual([]);
  });

  it("services.md's project of its own synthesizes its stack under its own prefix", () => {
    const { observability } = synthesize(BLOCKS.ownProject);
    expect(containers(observability!)).toEqual(expect.arrayContaining(['observability-gateway', 'observability-shop']));
  });

  it("receivers.md's receivers each declare their secret", () => {
    const { sentinel } = synthesize(BLOCKS.everyReceiverKind);
    expect(Object.keys(sentinel!.variables)).toEqual(
      expect.arrayContaining([
        'alertmanager_slack_team_chat_webhook_url',
        'alertmanager_email_ops_mail_smtp_password',
        'alertmanager_pagerduty_pager_routing_key',
        'alertmanager_webhook_incident_bridge_url',
        'alertmanager_dead_mans_switch_url',
      ]),
    );
  });

  it("operating.md's shared state is a pg backend", () => {
    const { sentinel } = synthesize(BLOCKS.sharedState, { PG_CONN_STR: 'postgres://sentinel@127.0.0.1/terraform' });
    expect(Object.keys((JSON.parse(sentinel!.json) as { terraform: { backend: object } }).terraform.backend)).toEqual(['pg']);
  });
});
