/**
 * `npm run user -- create --login li.hua --name 李华 --role street --region 440307001 --password-stdin`
 * and list, disable, enable, reset-password, set-role, sign-out (see USAGE): people's
 * accounts, each change audited as `cli:<os user>`. The password comes from standard input:
 * piped (`printf '%s' "$PW" | npm run user -- …`), or typed at a terminal without echo.
 */
import { needsPassword, parseUserCommand, runUserCommand } from './user-command';
import { cliActor, run, withDb } from './common';

/** All of standard input (one trailing newline dropped), or a line typed without echo. */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/u, '');
  }
  process.stderr.write('password: ');
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (e?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (e) reject(e);
      else resolve(typed);
    };
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

run(async () => {
  const command = parseUserCommand(process.argv.slice(2));
  const password = needsPassword(command) ? await readPassword() : undefined;
  const actor = cliActor();
  for (const line of await withDb((db) => runUserCommand(db, command, actor, password))) console.log(line);
});
