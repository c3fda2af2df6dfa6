package nz.tiaki.identity;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import nz.tiaki.vault.Vault;

/**
 * A generated account's sign-in name index and sealed name, made as the portal makes them,
 * for bulk writing.
 */
public final class GeneratedAccounts {

	private final AccountStore store;

	private final Vault vault;

	public GeneratedAccounts(AccountStore store, Vault vault) {
		this.store = store;
		this.vault = vault;
	}

	public static GeneratedAccounts of(org.springframework.context.ApplicationContext context) {
		return new GeneratedAccounts(context.getBean(AccountStore.class), context.getBean(Vault.class));
	}

	/**
	 * @return the name's index and the sealed name
	 */
	public byte[][] row(UUID accountId, String username) {
		return new byte[][] { this.store.index(username),
				this.vault.sealIdentity("username", accountId, username.getBytes(StandardCharsets.UTF_8)) };
	}

	/** @return an Argon2id hash of a random password no one keeps */
	public static String unusablePasswordHash(org.springframework.context.ApplicationContext context) {
		return context.getBean(Passwords.class).hash(UUID.randomUUID() + "-" + UUID.randomUUID());
	}

}
