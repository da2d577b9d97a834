// Hashes the controllers derive names from: a Deployment's pod-template-hash
// (its ReplicaSets' name suffix), a StatefulSet's controller revision.
import { createHash } from 'node:crypto';

const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A pod-template-hash style suffix for a template (the same template gives the same hash). */
export function templateHash(template: unknown, length = 10): string {
  const digest = createHash('sha256').update(JSON.stringify(template ?? {})).digest();
  return [...digest.subarray(0, length)].map((b) => HASH_ALPHABET[b % HASH_ALPHABET.length]).join('');
}
