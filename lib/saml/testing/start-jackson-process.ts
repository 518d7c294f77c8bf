// One app instance's jackson start, as its own process (sp-key-shared.integration.test.ts starts
// several at once): opens jackson on DATABASE_URL the way getJackson does and prints the SP
// public key it will sign with, as JSON on stdout.
import { jacksonOptions, jacksonStore } from "../jackson-config";
import { openJackson, spKeyPair } from "../open-jackson";

const databaseUrl = process.env.DATABASE_URL ?? "";
const encryptionKey = process.env.JACKSON_ENCRYPTION_KEY ?? "";
const store = jacksonStore({ databaseUrl, dataDir: "" });
await openJackson(jacksonOptions({ appUrl: "http://127.0.0.1:3999", store, encryptionKey, clientSecretVerifier: "test-client-secret" }), databaseUrl, { allowLoopback: true });
const { publicKey } = await spKeyPair();
process.stdout.write(JSON.stringify({ publicKey }));
// jackson keeps a cleanup interval and its pool open; this process has said what it came for.
process.exit(0);
