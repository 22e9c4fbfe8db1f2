import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Symmetric encryption for data that must be readable again but never stored in clear (bank account
 * numbers): AES-256-GCM, a random 12-byte nonce per value, stored as `v1.<nonce>.<tag>.<ciphertext>` in
 * base64url so the key or algorithm can be rotated later by version.
 */
export interface Encrypter {
  encrypt(plaintext: string): string;
  decrypt(sealed: string): string;
}

export function createEncrypter(hexKey: string): Encrypter {
  const key = Buffer.from(hexKey, 'hex');
  return {
    encrypt(plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', nonce, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
    },
    decrypt(sealed) {
      const [version, nonce, tag, ciphertext] = sealed.split('.');
      if (version !== 'v1' || !nonce || !tag || !ciphertext) throw new Error('Unknown encrypted value format');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** Hex SHA-256, for content hashes and for storing tokens we must recognise but never reveal. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
