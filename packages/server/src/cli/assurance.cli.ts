/**
 * `truceline assurance`: offline tools for written assurances, with no database and no network.
 *
 * - `verify` checks that a signature is a key's Ed25519 signature of exactly a file's bytes, with
 *   the same domain function the server and the browser use;
 * - `sign` helps a party produce that signature with its private key (PKCS #8 PEM);
 * - `statement` writes the canonical statement a party signs to give an assurance on a commitment.
 *
 * The online commands (submit, list, show, check) are in `assurance.command.ts`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Command } from 'commander';
import {
  assuranceStatementText,
  keyFingerprint,
  parseAssuranceStatement,
  signedTextOf,
  toBase64,
  verifySignedBytes,
} from '@truceline/domain';
import { nodeHasher, nodeVerifier, signingKeyFrom } from '../platform/secrets/log-signing-key.ts';
import { CliError, EXIT } from './exit-codes.ts';
import type { CliIo } from './main.ts';

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new CliError(`Cannot read ${what} from ${file}: ${(error as Error).message}`, EXIT.usage);
  }
}

/** A value given inline, or the contents of the file it names. */
export function inlineOrFile(value: string, what: string): string {
  return fs.existsSync(value) && fs.statSync(value).isFile()
    ? readFile(value, what).toString('utf8')
    : value;
}

/** Registers the offline commands; returns `assurance`, for the online ones beside them. */
export function registerAssuranceCommands(program: Command, io: CliIo): Command {
  const assurance = program
    .command('assurance')
    .description(
      'written assurances: verify, sign and write statements offline; submit, list, show and check them on the server',
    );

  assurance
    .command('verify')
    .description("check a signature of a file's exact bytes by a party's key")
    .requiredOption('--text <file>', 'the signed text, byte for byte')
    .requiredOption('--signature <base64>', 'the Ed25519 signature (base64, or a file holding it)')
    .requiredOption(
      '--key <key>',
      'the public key: raw 32 bytes in base64, or SPKI PEM (inline or a file)',
    )
    .action((flags: { text: string; signature: string; key: string }) => {
      const bytes = new Uint8Array(readFile(flags.text, 'the signed text'));
      const key = inlineOrFile(flags.key, 'the key');
      const signature = inlineOrFile(flags.signature, 'the signature');
      const check = verifySignedBytes(nodeVerifier, key, bytes, signature);
      if (!check.valid) {
        if (check.problem === 'signature_mismatch') {
          throw new CliError(`verification FAILED: the signature ${check.message}`, EXIT.tampered);
        }
        throw new CliError(
          `--${check.input === 'publicKey' ? 'key' : check.input} ${check.message}`,
          EXIT.usage,
        );
      }
      io.out(
        `valid: signed by key ${keyFingerprint(nodeHasher, check.publicKey)} (${bytes.length} bytes)`,
      );
    });

  assurance
    .command('sign')
    .description("sign a file's exact bytes with a party's Ed25519 private key")
    .requiredOption('--text <file>', 'the text to sign (UTF-8), byte for byte')
    .requiredOption('--private-key <pem>', 'file holding the Ed25519 private key (PKCS #8 PEM)')
    .action((flags: { text: string; privateKey: string }) => {
      const bytes = new Uint8Array(readFile(flags.text, 'the text'));
      if (signedTextOf(bytes) === undefined) {
        throw new CliError('--text is not UTF-8 text: assurances sign UTF-8 text only', EXIT.usage);
      }
      let privateKey: crypto.KeyObject;
      try {
        privateKey = crypto.createPrivateKey(readFile(flags.privateKey, 'the private key'));
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(
          `--private-key is not a private key: ${(error as Error).message}`,
          EXIT.usage,
        );
      }
      if (privateKey.asymmetricKeyType !== 'ed25519') {
        throw new CliError('--private-key is not an Ed25519 key', EXIT.usage);
      }
      const key = signingKeyFrom(privateKey);
      const signature = key.signer.signEd25519(bytes);
      // Check with the same function every verifier uses before handing the signature out.
      const check = verifySignedBytes(nodeVerifier, key.publicKey, bytes, signature);
      if (!check.valid) throw new CliError(`the new signature ${check.message}`, EXIT.failure);
      io.err(`public key ${toBase64(key.publicKey)}`);
      io.err(`fingerprint ${keyFingerprint(nodeHasher, key.publicKey)}`);
      io.out(toBase64(signature));
    });

  assurance
    .command('statement')
    .description('write the canonical statement that gives an assurance on a commitment')
    .requiredOption('--commitment-id <id>', "the commitment's id")
    .requiredOption('--commitment-text <file>', "file holding the commitment's text exactly")
    .requiredOption('--statement <text>', "the party's own words")
    .option('--signed-at <time>', 'RFC 3339 time of signing (default: now)')
    .requiredOption('--out <file>', 'where to write the statement (its exact bytes are signed)')
    .action(
      (flags: {
        commitmentId: string;
        commitmentText: string;
        statement: string;
        signedAt?: string;
        out: string;
      }) => {
        const text = signedTextOf(
          new Uint8Array(readFile(flags.commitmentText, "the commitment's text")),
        );
        if (text === undefined) {
          throw new CliError('--commitment-text is not UTF-8 text', EXIT.usage);
        }
        const statement = assuranceStatementText({
          commitmentId: flags.commitmentId,
          text,
          statement: flags.statement,
          signedAt: flags.signedAt ?? new Date().toISOString(),
        });
        // The server reads it with the same function: refuse here what it would refuse there.
        const parsed = parseAssuranceStatement(statement);
        if (!parsed.ok) throw new CliError(`the statement ${parsed.message}`, EXIT.usage);
        fs.writeFileSync(flags.out, statement);
        io.out(`wrote ${Buffer.byteLength(statement)} bytes to ${flags.out}`);
      },
    );
  return assurance;
}
