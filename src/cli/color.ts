/**
 * Whether srx colours its output, as the ecosystem expects: `--no-color` always wins; `FORCE_COLOR`
 * (any value but `0`/`false`) or `CLICOLOR_FORCE` (any value but `0`) force colour on, also into a
 * pipe (CI logs); `FORCE_COLOR=0` and `NO_COLOR` turn it off; otherwise colour only on a terminal.
 */
export function wantsColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean | undefined, colorFlag = true): boolean {
  if (!colorFlag) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  const cliColorForce = env.CLICOLOR_FORCE;
  if (cliColorForce !== undefined && cliColorForce !== '' && cliColorForce !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(isTTY);
}
