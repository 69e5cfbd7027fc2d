import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './helpers';

// No SARIF JSON schema ships in node_modules, so the fields GitHub code
// scanning requires are checked one by one.
interface SarifLog {
  $schema: string;
  version: string;
  runs: Array<{
    tool: { driver: { name: string; informationUri: string; version: string; rules: SarifRule[] } };
    results: SarifResult[];
  }>;
}
interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
  }>;
}

const LEVELS = ['none', 'note', 'warning', 'error'];

describe('check --format sarif', () => {
  const run = runCli(['check', '--format', 'sarif', 'examples']);
  const log = JSON.parse(run.stdout) as SarifLog;
  const [sarifRun] = log.runs;

  it('keeps the exit code of the findings', () => {
    assert.equal(run.code, 1);
  });

  it('is a SARIF 2.1.0 log with one run', () => {
    assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
  });

  it('describes the tool and every rule', () => {
    const driver = sarifRun!.tool.driver;
    assert.equal(driver.name, 'kube-image-lens');
    assert.match(driver.informationUri, /^https:\/\//);
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    assert.ok(driver.rules.length >= 7);
    assert.equal(new Set(driver.rules.map((rule) => rule.id)).size, driver.rules.length, 'rule ids are unique');
    for (const rule of driver.rules) {
      assert.ok(rule.shortDescription.text.length > 0, rule.id);
      assert.ok(rule.fullDescription.text.length > 0, rule.id);
      assert.match(rule.helpUri, /^https:\/\/.*#rule-/, rule.id);
      assert.ok(LEVELS.includes(rule.defaultConfiguration.level), rule.id);
    }
  });

  it('has results that point at existing rules, with relative URIs and 1-based regions', () => {
    const rules = sarifRun!.tool.driver.rules;
    assert.ok(sarifRun!.results.length > 0);
    for (const result of sarifRun!.results) {
      assert.equal(rules[result.ruleIndex]?.id, result.ruleId);
      assert.ok(['note', 'warning', 'error'].includes(result.level));
      assert.ok(result.message.text.length > 0);
      assert.equal(result.locations.length, 1);
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
      assert.match(artifactLocation.uri, /^examples\/[^:]+\.ya?ml$/);
      assert.ok(region.startLine >= 1 && region.startColumn >= 1);
      assert.ok(region.endLine > region.startLine || (region.endLine === region.startLine && region.endColumn > region.startColumn));
    }
  });

  it('matches the text report position for position', () => {
    const text = runCli(['check', 'examples']).stdout;
    const first = sarifRun!.results.find((result) => result.ruleId === 'invalid-pull-policy')!;
    const { artifactLocation, region } = first.locations[0]!.physicalLocation;
    assert.match(text, new RegExp(`^${artifactLocation.uri}\\n {2}${region.startLine}:${region.startColumn} {2}error`, 'm'));
  });
});
