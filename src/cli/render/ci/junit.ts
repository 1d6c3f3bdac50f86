import type { CiFinding, CiReport } from './ci-report.js';

/**
 * JUnit XML as CI servers read it: one test suite, one test case per subject in scope (a subject
 * with an error fails; warnings and notices go to its system-out), and one case for findings that
 * belong to no subject.
 */
export function renderJunit(report: CiReport): string {
  const bySubject = new Map<string, CiFinding[]>(report.subjects.map((s) => [s, []]));
  const general: CiFinding[] = [];
  for (const f of report.findings) {
    if (f.subject === undefined) general.push(f);
    else bySubject.set(f.subject, [...(bySubject.get(f.subject) ?? []), f]);
  }
  const cases = [...bySubject].map(([subject, findings]) => testCase(subject, findings));
  if (general.length) cases.push(testCase('(registry)', general));
  const failures = cases.filter((c) => c.failed).length;
  const suite = `  <testsuite name="${attr(report.title)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="srx" tests="${cases.length}" failures="${failures}" errors="0">`,
    suite,
    `    <properties>${report.summary.map((line, i) => `<property name="summary.${i + 1}" value="${attr(line)}"/>`).join('')}</properties>`,
    ...cases.map((c) => c.xml),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(subject: string, findings: readonly CiFinding[]): { xml: string; failed: boolean } {
  const errors = findings.filter((f) => f.severity === 'error');
  const others = findings.filter((f) => f.severity !== 'error');
  const head = `    <testcase classname="srx" name="${attr(subject)}"`;
  if (findings.length === 0) return { xml: `${head}/>`, failed: false };
  const parts = [`${head}>`];
  if (errors.length) {
    parts.push(`      <failure type="${attr(errors[0]!.type)}" message="${attr(errors[0]!.message)}">${text(errors.map(line).join('\n'))}</failure>`);
  }
  if (others.length) parts.push(`      <system-out>${text(others.map(line).join('\n'))}</system-out>`);
  parts.push('    </testcase>');
  return { xml: parts.join('\n'), failed: errors.length > 0 };
}

function line(f: CiFinding): string {
  return `${f.severity}: ${f.type}: ${f.message}`;
}

/** XML 1.0 cannot hold most control characters at all, even escaped: drop them. */
function text(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
