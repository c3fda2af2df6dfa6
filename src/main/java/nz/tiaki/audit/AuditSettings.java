package nz.tiaki.audit;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the audit log is sealed and signed.
 *
 * @param signingKeyFile the Ed25519 keyset that signs checkpoints (created on first run,
 * mode 0600); its public half is written beside it with the suffix {@code .pub}
 * @param checkpointEvery sign a checkpoint at least every this many events
 * @param checkpointInterval and at least this often while events arrive
 * @param sealInterval how often the sealer links new events into the chain
 * @param unsealedGrace an event still outside the chain after this long is reported by
 * verification as tampering
 * @param retention how long audit events are kept (the legally required period); older
 * ones may be pruned, never younger ones
 */
@ConfigurationProperties("tiaki.audit")
public record AuditSettings(Path signingKeyFile, int checkpointEvery, Duration checkpointInterval,
		Duration sealInterval, Duration unsealedGrace,
		@org.springframework.boot.context.properties.bind.DefaultValue("10y") java.time.Period retention) {
}
