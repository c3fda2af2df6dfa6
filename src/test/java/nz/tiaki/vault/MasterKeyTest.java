package nz.tiaki.vault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where the master key comes from (ASVS 5.0 V13.3; HIPAA 164.312(a)(2)(iv)).
 */
class MasterKeyTest {

	@TempDir
	Path folder;

	@Test
	void aFirstRunCreatesAKeyFileOnlyItsOwnerCanRead() throws Exception {
		Path file = this.folder.resolve("keys/master.json");

		MasterKey key = MasterKey.load(new VaultSettings(file, "", 10, Duration.ofMinutes(1)), true);

		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(key.primaryId()).isPositive();
		assertThat(MasterKey.load(new VaultSettings(file, "", 10, Duration.ofMinutes(1)), true).primaryId())
			.as("the same key on the next start").isEqualTo(key.primaryId());
	}

	@Test
	void theProductionProfileNeverCreatesAKey() {
		Path file = this.folder.resolve("missing.json");

		assertThatThrownBy(() -> MasterKey.load(new VaultSettings(file, "", 10, Duration.ofMinutes(1)), false))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("No master key");
		assertThat(file).doesNotExist();
	}

	@Test
	void aKeyGivenByConfigurationWinsAndCannotBeRotatedHere() throws Exception {
		Path file = this.folder.resolve("made.json");
		MasterKey.load(new VaultSettings(file, "", 10, Duration.ofMinutes(1)), true);
		String keyset = Files.readString(file);

		MasterKey configured = MasterKey.load(new VaultSettings(this.folder.resolve("unused.json"), keyset, 10,
				Duration.ofMinutes(1)), false);

		assertThat(this.folder.resolve("unused.json")).doesNotExist();
		assertThatThrownBy(configured::rotate).hasMessageContaining("secret store");
	}

	@Test
	void rotationKeepsEarlierKeysAndMakesANewPrimary() {
		Path file = this.folder.resolve("rotating.json");
		MasterKey key = MasterKey.load(new VaultSettings(file, "", 10, Duration.ofMinutes(1)), true);
		long first = key.primaryId();

		long second = key.rotate();

		assertThat(second).isNotEqualTo(first);
		assertThat(MasterKey.load(new VaultSettings(file, "", 10, Duration.ofMinutes(1)), false).primaryId())
			.isEqualTo(second);
	}

}
