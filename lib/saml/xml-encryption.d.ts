// xml-encryption ships no types; only the two calls Gatehouse (and its test IdP) make.
declare module "xml-encryption" {
  type Callback = (err: Error | null, result?: string) => void;
  export function decrypt(xml: string, options: { key: string; disallowDecryptionWithInsecureAlgorithm?: boolean; warnInsecureAlgorithm?: boolean }, cb: Callback): void;
  export function encrypt(
    content: string,
    options: {
      rsa_pub: string;
      pem: string;
      encryptionAlgorithm: string;
      keyEncryptionAlgorithm: string;
      keyEncryptionDigest?: string;
      disallowEncryptionWithInsecureAlgorithm?: boolean;
      warnInsecureAlgorithm?: boolean;
    },
    cb: Callback,
  ): void;
  const xmlenc: { decrypt: typeof decrypt; encrypt: typeof encrypt };
  export default xmlenc;
}
