import { startRegistries } from '../support/registry-server.js';
import { avroRecord, seeder } from '../support/seed.js';
import { runCli } from '../support/run-cli.js';

describe('test infrastructure', () => {
  let servers: Awaited<ReturnType<typeof startRegistries<'dev' | 'prod'>>>;
  beforeAll(async () => {
    servers = await startRegistries(['dev', 'prod']);
  });
  afterAll(async () => {
    await servers?.stopAll();
  });

  it('starts several real registries on loopback and seeds them', async () => {
    const dev = seeder(servers.dev.url);
    const id = await dev.register('orders-value', avroRecord('Order', ['id']));
    await dev.register('orders-value', avroRecord('Order', ['id', { name: 'note', type: 'string', default: '' }]), '.team-a');
    expect(id).toBeGreaterThan(0);
    expect(await dev.subjects('.team-a')).toEqual(['orders-value']);
    expect(servers.prod.port).not.toBe(servers.dev.port);
  });

  it('runs the real program in process', async () => {
    const result = await runCli(['--bogus', '--json']);
    expect(result.exitCode).toBe(2);
    expect(result.json().kind).toBe('error');
  });
});
