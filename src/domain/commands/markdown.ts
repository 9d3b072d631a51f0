/**
 * The steps and the packaging guidance as Markdown, for a change record or a runbook. Commands sit in fenced
 * blocks whose fence is longer than any run of backticks inside, so nothing in a command can close it.
 */
import type { CommandPlan, CommandSide, PackagingPlan } from './types.js';

export const SIDE_LABELS: Readonly<Record<CommandSide, string>> = {
  source: 'Source admin',
  destination: 'Destination admin',
  maker: 'App makers',
  project: 'Project manager',
};

/** User text (names, domains) as plain Markdown text. */
function text(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

function fence(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  return `${ticks}powershell\n${code}\n${ticks}`;
}

export function renderCommandsMarkdown(plan: CommandPlan): string {
  const out: string[] = [];
  const route = plan.route === 'powershell' ? 'PowerShell' : 'Power Platform admin center';
  out.push(`# Move commands: ${text(plan.sourceTenant)} to ${text(plan.destinationTenant)}`, '');
  out.push(`Route: ${route}.${plan.route === 'powershell'
    ? ` Module Microsoft.PowerApps.Administration.PowerShell ${plan.moduleMinimumVersion} or later.` : ''} `
    + 'The source and destination admins run their own steps, each signed in to their own tenant.', '');
  for (const env of plan.environments) {
    if (!env.canMove) {
      out.push(`## ${text(env.name)}: cannot move`, '');
      for (const blocker of env.blockers) out.push(`- ${text(blocker.title)} (\`${blocker.ruleId}\`)`);
      out.push('');
      continue;
    }
    out.push(`## ${text(env.name)}`, '');
    if (env.environmentId) out.push(`Environment ID: ${env.environmentId}`, '');
    for (const note of env.supportNotes) out.push(`> Microsoft support first: ${text(note)}`, '');
    env.steps.forEach((step, i) => {
      out.push(`### ${i + 1}. ${SIDE_LABELS[step.side]}: ${text(step.step)}`, '');
      out.push(text(step.purpose), '');
      if (step.command) out.push(fence(step.command), '');
      if (step.clicks) {
        step.clicks.forEach((click, n) => out.push(`${n + 1}. ${text(click)}`));
        out.push('');
      }
      out.push(`Source: <${step.source}> (${step.sourceDate}${step.basis === 'inferred' ? ', our inference' : ''})`, '');
    });
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const ROUTE_LABELS = {
  solution: 'Solution',
  reprovision: 'Provision again',
  recreate: 'Recreate',
  'not-supported': 'Not supported by the move',
} as const;

export function renderPackagingMarkdown(plan: PackagingPlan): string {
  const out: string[] = [`# Apps and flows: ${text(plan.sourceTenant)} to ${text(plan.destinationTenant)}`, ''];
  for (const env of plan.environments) {
    out.push(`## ${text(env.name)}${env.canMove ? '' : ': cannot move'}`, '');
    if (!env.canMove) {
      for (const blocker of env.blockers) out.push(`- ${text(blocker.title)} (\`${blocker.ruleId}\`)`);
      out.push('');
    }
    if (!env.solutionsKnown) out.push('The profile does not list what this environment holds (solutions): nothing to show yet.', '');
    else if (env.entries.length === 0) out.push('Nothing here needs packaging.', '');
    for (const entry of env.entries) {
      out.push(`### ${entry.title}: ${ROUTE_LABELS[entry.route]}`, '', entry.summary, '');
      out.push(`Who: before, ${entry.who.before}; after, ${entry.who.after}.`, '');
      if (entry.before.length > 0) out.push('Before the move:', '', ...entry.before.map((s, i) => `${i + 1}. ${s}`), '');
      if (entry.after.length > 0) out.push('After the move:', '', ...entry.after.map((s, i) => `${i + 1}. ${s}`), '');
      if (entry.travels.length > 0) out.push(`Travels: ${entry.travels.join('; ')}.`, '');
      if (entry.recreate.length > 0) out.push(`Recreate: ${entry.recreate.join('; ')}.`, '');
      if (entry.fallback) {
        const f = entry.fallback;
        out.push(`#### ${f.label}`, '', f.when, '', ...f.steps.map((s, i) => `${i + 1}. ${s}`), '');
        out.push(`Who: export, ${f.who.export}; import, ${f.who.import}.`, '');
        out.push(`Travels: ${f.travels.join('; ')}. Recreate: ${f.recreate.join('; ')}.`, '');
        out.push(`Source: <${f.source}> (${f.sourceDate})`, '');
      }
      out.push(`Source: <${entry.source}> (${entry.sourceDate}${entry.basis === 'inferred' ? ', our inference' : ''})`, '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
