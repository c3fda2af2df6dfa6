/**
 * Keys and sealing: a master key, a data key per patient wrapped by it, sealing with
 * associated data that binds a ciphertext to its place, blind indexes for look-ups,
 * rotation and crypto-shredding.
 */
package nz.tiaki.vault;
