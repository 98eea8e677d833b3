/** Reads a password from standard input (piped, or typed at a terminal), never from a flag. */
import { Password } from '@truceline/domain';
import Value from 'typebox/value';
import { CliError, EXIT } from './exit-codes.ts';

export async function readSecretInput(stdin: NodeJS.ReadableStream): Promise<string> {
  if ((stdin as { isTTY?: boolean }).isTTY) {
    process.stderr.write('Password (at least 12 characters), then Enter: ');
  }
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const password = text.split('\n')[0]?.replace(/\r$/, '') ?? '';
  if (!Value.Check(Password, password)) {
    throw new CliError(
      'The password must be 12 to 256 characters, read from standard input',
      EXIT.usage,
    );
  }
  return password;
}
