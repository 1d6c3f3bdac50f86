import { TOOL_CATALOG } from '../../../src/mcp/tool-catalog.js';

describe('MCP migrate tools', () => {
  it('pass copyContextConfig: false on as --no-copy-context-config (and nothing when absent)', () => {
    const preview = TOOL_CATALOG.find((t) => t.name === 'migrate_preview')!;
    expect(preview.input.copyContextConfig).toBeDefined();
    expect(preview.argv({ source: 'a', target: 'b', copyContextConfig: false })).toContain('--no-copy-context-config');
    expect(preview.argv({ source: 'a', target: 'b' })).not.toContain('--no-copy-context-config');
  });
});
